// SPDX-License-Identifier: UNLICENSED
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, parseListen } from '../../config/index.js';
import { MfaError } from '../../errors.js';
import { createRuntime, openServices } from '../../main.js';
import { createSystemClock, type Clock } from '../../ports/clock.js';
import { createSystemRandom, type Random } from '../../ports/random.js';
import { ensureTlsFiles } from '../../tls/ensure-tls-files.js';
import { generateMasterKeyLine } from '../../vault/master-key-file.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { cliActor } from '../load-runtime.js';
import { signingKeysFor } from '../signing-keys-for.js';
import type { CertInfo } from '../../federation/keys/signing-keys.js';
import { printResult } from '../output.js';
import { initLayout } from '../init/init-layout.js';
import { starterConfig } from '../init/starter-config.js';
import { createLogger } from '../../log/create-logger.js';
import type { Writable } from 'node:stream';

interface InitOptions {
  dir: string;
  dataDir?: string;
  systemd?: boolean;
  publicUrl?: string;
  listen?: string;
  demo?: boolean;
}

/**
 * `init --dir DIR`: writes config.yaml, a 0600 master key and a self-signed TLS pair, and creates the
 * database (layout: `init-layout.ts`) holding the first token-signing key. Refuses to overwrite anything:
 * every target is checked before the first write, and a failure part-way removes what this run created.
 * `serve --config DIR/config.yaml` then runs with no edits.
 */
export function registerInitCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('init')
    .description('write a starter configuration, master key and TLS certificate, and create the database')
    .requiredOption('--dir <dir>', 'configuration directory (created if missing)')
    .option('--data-dir <dir>', 'data directory (default DIR/data; /var/lib/mfa-appliance with --systemd)')
    .option('--systemd', 'lay files out for the systemd unit (data and TLS in the state directory, key as a credential)')
    .option('--public-url <url>', 'external https URL of this appliance')
    .option('--listen <host:port>', 'listen address (default 0.0.0.0:8443; 127.0.0.1:8443 with --demo)')
    .option('--demo', 'mark the key and configuration as a demo installation')
    .action(async (o: InitOptions) => {
      const layout = initLayout(ctx.cwd, o);
      const listen = o.listen ?? (o.demo ? '127.0.0.1:8443' : '0.0.0.0:8443');
      const parsed = parseListen(listen);
      if (!parsed) throw new MfaError('ERR_INVALID_INPUT', `--listen must be host:port, got ${JSON.stringify(listen)}`);
      const publicUrl = o.publicUrl ?? `https://${o.demo ? 'localhost' : hostname()}:${parsed.port}`;
      if (!/^https:\/\/[^/]+/.test(publicUrl)) throw new MfaError('ERR_INVALID_INPUT', `--public-url must be an https:// URL, got ${JSON.stringify(publicUrl)}`);
      const taken = [layout.config, layout.masterKey, layout.cert, layout.key, layout.database].filter((p) => existsSync(p));
      if (taken.length > 0) {
        throw new MfaError('ERR_REFUSE_OVERWRITE', `refusing to overwrite existing ${taken.join(', ')}; choose another --dir or move them away`, { data: { files: taken } });
      }
      const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
      const clock = ctx.clock ?? createSystemClock();
      const random = ctx.random ?? createSystemRandom();
      /** What this run created, removed again (newest first) when a later step fails. */
      const created: string[] = [];
      let signing: CertInfo | undefined;
      const makeDir = (d: string, mode: number): void => {
        if (existsSync(d)) return;
        mkdirSync(d, { recursive: true, mode });
        created.push(d);
      };
      try {
        makeDir(layout.dir, 0o750);
        makeDir(layout.dataDir, 0o700);
        const kid = o.demo ? `demo-${random.bytes(4).toString('hex')}` : undefined;
        writeFileSync(layout.masterKey, `${generateMasterKeyLine(random, kid)}\n`, { mode: 0o600, flag: 'wx' });
        created.push(layout.masterKey);
        makeDir(dirname(layout.cert), 0o700);
        created.push(layout.cert, layout.key);
        await ensureTlsFiles({ certFile: layout.cert, keyFile: layout.key, publicHost: host, clock, random });
        writeFileSync(layout.config, starterConfig({ layout, listen, publicUrl, demo: o.demo ?? false, systemd: o.systemd ?? false, at: clock.now() }), { mode: 0o640, flag: 'wx' });
        created.push(layout.config);
        created.push(layout.database, `${layout.database}-wal`, `${layout.database}-shm`);
        signing = await initialiseStore(ctx, layout.config, layout.dir, { demo: o.demo ?? false, publicUrl, listen }, clock, random);
      } catch (err) {
        for (const p of created.reverse()) rmSync(p, { recursive: true, force: true });
        throw err;
      }
      const signingKey = signing === undefined ? null : { id: signing.id, thumbprintSha256: signing.thumbprintSha256, notAfter: new Date(signing.notAfter).toISOString() };
      printResult(ctx, globals().json, { ...layout, publicUrl, listen, demo: o.demo ?? false, systemd: o.systemd ?? false, signingKey }, () => [
        `initialised ${layout.dir}`,
        `  config:      ${layout.config}`,
        `  master key:  ${layout.masterKey}  (mode 0600; keep an offline copy: without it no seed can be recovered)`,
        `  TLS:         ${layout.cert} (self-signed for ${host})`,
        `  database:    ${layout.database}`,
        ...(signingKey ? [`  signing key: ${signingKey.id} (SHA-256 ${signingKey.thumbprintSha256}, sealed in the vault)`] : []),
        ...(o.systemd
          ? ['next: systemd-sysusers; systemd-tmpfiles --create; systemctl enable --now mfa-appliance (README: Installing as a service)']
          : [`next: mfa-appliance serve --config ${layout.config}`]),
      ].join('\n'));
    });
}

/** Creates the database (migrations), records `init.completed` as its first audit record, and generates the first token-signing key. */
async function initialiseStore(ctx: CliContext, configFile: string, dir: string, details: Record<string, unknown>, clock: Clock, random: Random): Promise<CertInfo> {
  const config = loadConfig({ file: configFile, env: {}, cwd: ctx.cwd });
  const logger = ctx.logger ?? createLogger({ level: 'warn', destination: ctx.stderr as Writable });
  const rt = createRuntime(config, ctx.env, { logger, clock, random });
  const services = await openServices(rt);
  try {
    const actor = cliActor(ctx);
    await services.audit.record({ event: 'init.completed', actor: actor.id, source: actor.source, outcome: 'success', subject: dir, details });
    const { current } = await signingKeysFor(services, rt).ensureCurrent(actor);
    return current;
  } finally {
    await services.close();
  }
}
