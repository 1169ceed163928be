// SPDX-License-Identifier: UNLICENSED
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { loadConfig } from '../../agent/config/index.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { createRuntime, openServices, startAppliance, type Appliance, type Runtime, type Services } from '../../agent/main.js';
import { freePort } from './free-port.js';
import { createSystemRandom } from '../../agent/ports/random.js';
import { generateMasterKeyLine } from '../../agent/vault/master-key-file.js';
import { fixedClock, type FixedClock } from './fixed-clock.js';
import { useTempDir } from './temp-dir.js';

/** Writes a fresh master key and `config.yaml` (dataDir = `dir`, plus `extra` lines) and loads them. */
function testRuntime(dir: string, extra: string[], start?: number): { clock: FixedClock; rt: Runtime } {
  writeFileSync(join(dir, 'master-key'), `${generateMasterKeyLine(createSystemRandom())}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'config.yaml'), [`dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', ...extra].join('\n'));
  const config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
  const clock = fixedClock(start);
  return { clock, rt: createRuntime(config, {}, { logger: createNullLogger(), clock }) };
}

export interface TestServices {
  dir: string;
  clock: FixedClock;
  rt: Runtime;
  services: Services;
}

/**
 * The daemon's real services from the composition root (`openServices`): SQLite in a temp dir, a fresh
 * master key, a hand-moved clock. `yaml` is extra config (merged at the top level). Closed after each test.
 */
export function useTestServices(): (yaml?: string, start?: number) => Promise<TestServices> {
  const tempDir = useTempDir();
  const open: Services[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  return async (yaml = '', start) => {
    const dir = tempDir();
    const { clock, rt } = testRuntime(dir, [yaml], start);
    const services = await openServices(rt);
    open.push(services);
    return { dir, clock, rt, services };
  };
}

export interface TestAppliance extends TestServices {
  appliance: Appliance;
  /** `http://127.0.0.1:<port>` (plain HTTP unless `listen.tls`); the bound address for another `listen.host`. */
  url: string;
  /** The port listened on. */
  port: number;
}

/** Where the test daemon listens. */
export interface TestListen {
  /** Host part of `server.listen`: `127.0.0.1` by default; `[::]` accepts IPv6 and IPv4-mapped peers too. */
  host?: string;
  /** Serve HTTPS with the certificate generated on first start. Default false. */
  tls?: boolean;
}

/**
 * The whole daemon (`startAppliance`) on a free port over plain HTTP, stopped after each test.
 * `server` holds extra keys of the `server:` mapping, e.g. `trustedProxies: ["127.0.0.1/32"]`.
 */
export function useTestAppliance(): (yaml?: string, start?: number, server?: string, listen?: TestListen) => Promise<TestAppliance> {
  const tempDir = useTempDir();
  const running: Appliance[] = [];
  afterEach(async () => {
    for (const a of running.splice(0)) await a.stop();
  });
  return async (yaml = '', start, server = '', listen = {}) => {
    const dir = tempDir();
    const port = await freePort();
    const serverYaml = `server: { listen: "${listen.host ?? '127.0.0.1'}:${port}", tls: { enabled: ${listen.tls === true} }${server ? `, ${server}` : ''} }`;
    const { clock, rt } = testRuntime(dir, [serverYaml, yaml], start);
    const appliance = await startAppliance(rt);
    running.push(appliance);
    return { dir, clock, rt, services: appliance.services, appliance, url: appliance.localUrl, port };
  };
}
