// SPDX-License-Identifier: UNLICENSED
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../../agent/config/index.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createRuntime, openServices } from '../../../../agent/main.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxListening, SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import { generateMasterKeyLine } from '../../../../agent/vault/master-key-file.js';
import { runCliCaptured } from '../../../helpers/run-cli-captured.js';
import { CLIENT_ID, E3, SECRET } from './sync-world.js';

const USERS = 2000;
const ROOT = new URL('../../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/agent/cli/bin.js');
const random = createSystemRandom();
const clock = { now: () => Date.now() };

/** Newest mtime of the .ts files below `dir`. */
function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0));
}

/** Builds dist/ (tsc) when the provisioning or CLI sources are newer than the built CLI. */
function ensureBuilt(): void {
  const built = existsSync(BIN) ? statSync(join(ROOT, 'dist/agent/provisioning/sync/apply-slice.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0 : 0;
  if (built >= Math.max(newest(join(ROOT, 'agent/provisioning')), newest(join(ROOT, 'agent/cli')))) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // tsc still emits when files being written by others fail to typecheck; the CLI is checked below.
  }
  expect(existsSync(BIN)).toBe(true);
}

describe('graph sync: kill -9 at random points, then rerun', () => {
  let dir: string;
  let tenant: SandboxTenant;
  let listening: SandboxListening;
  let entraGroupId: string;
  let cfg: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'mfa-graph-crash-'));
    tenant = createSandboxTenant({
      clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET] }], domains: [{ name: 'contoso.com' }], skus: [E3],
      // The write quota scaled down 150×: 1,000 writes per second.
      throttle: { writesPerWindow: 1000, windowMs: 1000, resourceUnitsPerWindow: 1_000_000 },
    });
    listening = await tenant.listen();
    writeFileSync(join(dir, 'ca.pem'), listening.caCertPem);
    writeFileSync(join(dir, 'master-key'), `${generateMasterKeyLine(random)}\n`, { mode: 0o600 });
    const group = await createGroup(listening, tenant.tenantId);
    entraGroupId = group;
    cfg = join(dir, 'config.yaml');
    writeFileSync(cfg, [
      `dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', 'graph:',
      `  tenantId: ${tenant.tenantId}`, `  clientId: ${CLIENT_ID}`, `  baseUrl: ${listening.url}`, `  authorityHost: ${listening.url}`,
      '  caFile: ca.pem', '  writesPerWindow: 1000', '  writeWindowSeconds: 1', '  timeoutMs: 5000',
      '  sync:', '    groups:', `      - { group: staff, usageLocation: US, licenses: [ENTERPRISEPACK], entraGroupId: "${entraGroupId}" }`,
    ].join('\n'));
    const rt = createRuntime(loadConfig({ file: cfg, env: {} }), {}, { logger: createNullLogger() });
    const s = await openServices(rt);
    const actor = { id: 'cli:tester', source: 'cli' };
    await s.directory.groups.add({ name: 'staff' }, actor);
    const g = await s.store.groups.getByName('staff');
    for (let i = 0; i < USERS; i++) {
      const u = await s.directory.users.add({ upn: `u${i}@contoso.com`, displayName: `User ${i}` }, actor);
      await s.store.groups.addMember(g?.id ?? '', u.id, Date.now());
    }
    await s.close();
    const stored = await runCliCaptured(['--config', cfg, 'graph', 'credentials', '--secret-stdin'], { stdin: `${SECRET}\n` });
    expect(stored.code, stored.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await listening?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(`${USERS} users: three kills mid-run, reruns converge with zero duplicate creates and every user linked`, async () => {
    const writes = (): number => Object.values(tenant.counters().writes).reduce((a, b) => a + b, 0);
    const runs: Array<{ code: number | null; killed: boolean; atWrites: number; stderr: string }> = [];
    const start = (): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } => {
      const child = spawn(process.execPath, [BIN, '--config', cfg, 'graph', 'sync', '--json'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
      return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))) };
    };
    for (let kill = 0; kill < 3; kill++) {
      const target = writes() + 300 + Math.floor(Math.random() * 1500);
      const { child, done } = start();
      let exited = false;
      void done.then(() => { exited = true; });
      while (!exited && writes() < target) await new Promise((r) => setTimeout(r, 5));
      const killed = !exited;
      if (killed) child.kill('SIGKILL');
      const r = await done;
      runs.push({ code: r.code, killed, atWrites: writes(), stderr: r.stderr });
    }
    for (let i = 0; i < 4; i++) {
      const { done } = start();
      const r = await done;
      runs.push({ code: r.code, killed: false, atWrites: writes(), stderr: r.stderr });
      if (r.code === 0) break;
    }
    expect(runs.filter((r) => r.killed).length, JSON.stringify(runs.map((r) => [r.code, r.killed, r.atWrites]))).toBeGreaterThanOrEqual(2);
    expect(runs.at(-1)?.code, runs.at(-1)?.stderr).toBe(0);

    const state = tenant.state();
    expect(state.users).toHaveLength(USERS);
    expect(tenant.counters().writes['create user']).toBe(USERS);
    expect(new Set(state.users.map((u) => u.userPrincipalName)).size).toBe(USERS);
    expect(state.users.every((u) => (u.assignedLicenses as Array<{ skuId: string }>)[0]?.skuId === E3.skuId && u.usageLocation === 'US')).toBe(true);
    expect(state.groups.find((g) => g.id === entraGroupId)?.members).toHaveLength(USERS);
    const rt = createRuntime(loadConfig({ file: cfg, env: {} }), {}, { logger: createNullLogger() });
    const s = await openServices(rt);
    try {
      const links = await s.store.provisioning.listLinks();
      const users = await s.store.users.list({ limit: USERS + 10 });
      const entraByAnchor = new Map(state.users.map((u) => [String(u.onPremisesImmutableId), String(u.id)]));
      expect(links).toHaveLength(USERS);
      const linkOf = new Map(links.map((l) => [l.userId, l]));
      expect(users.every((u) => linkOf.get(u.id)?.entraId === entraByAnchor.get(u.immutableId) && linkOf.get(u.id)?.state === 'enabled')).toBe(true);
      expect(await s.store.provisioning.unfinishedRun()).toBeNull();
      expect((await s.store.provisioning.latestRun())?.status).toBe('done');
      const finished = (await s.store.audit.list(0, 100_000)).filter((a) => a.event === 'graph.sync_finished');
      expect(finished.some((a) => a.details.resumed === true)).toBe(true);
    } finally {
      await s.close();
    }
  }, 90_000);
});

async function createGroup(listening: SandboxListening, tenantId: string): Promise<string> {
  const { httpsRequest } = await import('../sandbox/sandbox-fixture.js');
  const token = await httpsRequest(`${listening.url}/${tenantId}/oauth2/v2.0/token`, {
    ca: listening.caCertPem, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  const r = await httpsRequest(`${listening.url}/v1.0/groups`, {
    ca: listening.caCertPem, method: 'POST', headers: { authorization: `Bearer ${String(token.json.access_token)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Staff', mailEnabled: false, mailNickname: 'staff', securityEnabled: true }),
  });
  return String(r.json.id);
}
