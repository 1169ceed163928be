// SPDX-License-Identifier: UNLICENSED
/**
 * Syncs N users (default 10,000) to the sandbox tenant with its write quota scaled down, and compares
 * the wall time of `graph sync` with the least the quota allows: (⌈writes / quota⌉ − 1) × window.
 * Every user is created with a licence (assignLicense) and added to one Entra group (members@odata.bind,
 * 20 per write). Reports total time, the minimum, the ratio (goal ≤ 1.15), failures, duplicate creates and 429s.
 * Usage: node dist/bench/graph-sync.js [users=10000] [writesPerWindow=6000] [windowSeconds=15]
 * The resource-unit quota is scaled like the write quota (tenant size L: 8,000 RU per 10 s → per 1 s).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../agent/config/index.js';
import { createNullLogger } from '../agent/log/logger.js';
import { createRuntime, openServices } from '../agent/main.js';
import { createSystemRandom } from '../agent/ports/random.js';
import { createProvisioner } from '../agent/provisioning/create-provisioner.js';
import { createSandboxTenant } from '../agent/provisioning/sandbox/create-sandbox-tenant.js';
import { generateMasterKeyLine } from '../agent/vault/master-key-file.js';

const users = Number(process.argv[2] ?? 10_000);
const writesPerWindow = Number(process.argv[3] ?? 6000);
const windowSeconds = Number(process.argv[4] ?? 15);
const CLIENT_ID = '0f4bd0a6-3c07-4a8e-8a3c-3b1e6a4fd2c1';
const SECRET = 'bench~secret.value_0123456789-abcdefgh';
const SKU = { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabled: users };
const random = createSystemRandom();
const clock = { now: () => Date.now() };
const actor = { id: 'cli:bench', source: 'cli' };

const dir = mkdtempSync(join(tmpdir(), 'mfa-bench-graph-'));
const tenant = createSandboxTenant({
  clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET] }], domains: [{ name: 'contoso.com' }], skus: [SKU],
  throttle: { writesPerWindow, windowMs: windowSeconds * 1000, resourceUnitsPerWindow: 8000, resourceUnitWindowMs: 1000 },
  shuffleBatchResponses: true,
});
const listening = await tenant.listen();
try {
  writeFileSync(join(dir, 'ca.pem'), listening.caCertPem);
  writeFileSync(join(dir, 'master-key'), `${generateMasterKeyLine(random)}\n`, { mode: 0o600 });
  const cfgYaml = (groupId: string): string => [
    `dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', 'graph:',
    `  tenantId: ${tenant.tenantId}`, `  clientId: ${CLIENT_ID}`, `  baseUrl: ${listening.url}`, `  authorityHost: ${listening.url}`,
    '  caFile: ca.pem', `  writesPerWindow: ${writesPerWindow}`, `  writeWindowSeconds: ${windowSeconds}`,
    '  sync:', '    groups:', `      - { group: staff, usageLocation: US, licenses: [ENTERPRISEPACK], entraGroupId: "${groupId}" }`,
  ].join('\n');
  writeFileSync(join(dir, 'config.yaml'), cfgYaml('00000000-0000-4000-8000-000000000000'));
  let config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
  const services = await openServices(createRuntime(config, {}, { logger: createNullLogger() }));
  const setup = createProvisioner({ config, store: services.store, vault: services.vault, audit: services.audit, clock, random, logger: createNullLogger() });
  await setup.storeCredential({ kind: 'secret', secret: SECRET }, actor);
  await setup.close();
  const { createGraphClient } = await import('../agent/provisioning/graph/create-graph-client.js');
  const admin = await createGraphClient({ ...config.graph, sync: { defaultUsageLocation: null, intervalMinutes: null, groups: [] } }, { credential: { kind: 'secret', reveal: () => SECRET }, clock, random, logger: createNullLogger() });
  const group = await admin.request<{ id: string }>({ method: 'POST', path: '/groups', body: { displayName: 'Staff', mailEnabled: false, mailNickname: 'staff', securityEnabled: true } });
  await admin.close();
  writeFileSync(join(dir, 'config.yaml'), cfgYaml(group.body?.id ?? ''));
  config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
  const g = await services.directory.groups.add({ name: 'staff' }, actor);
  for (let i = 0; i < users; i++) {
    const u = await services.directory.users.add({ upn: `user${i}@contoso.com`, displayName: `User ${i}` }, actor);
    await services.store.groups.addMember(g.id, u.id, Date.now());
  }

  const provisioner = createProvisioner({ config, store: services.store, vault: services.vault, audit: services.audit, clock, random, logger: createNullLogger() });
  const t0 = performance.now();
  const out = await provisioner.sync({ actor });
  const elapsedMs = performance.now() - t0;
  await provisioner.close();
  await services.close();

  const counters = tenant.counters();
  // Write requests as the quota counts them: a members@odata.bind PATCH ('update group') is one write for up to 20 members.
  const writes = (counters.writes['create user'] ?? 0) + (counters.writes.assignLicense ?? 0) + (counters.writes['update group'] ?? 0);
  const minimumMs = (Math.ceil(writes / writesPerWindow) - 1) * windowSeconds * 1000;
  const created = counters.writes['create user'] ?? 0;
  const state = tenant.state();
  console.log(JSON.stringify({
    users, writesPerWindow, windowSeconds, writes,
    totalSeconds: +(elapsedMs / 1000).toFixed(2), minimumSeconds: minimumMs / 1000, ratio: +(elapsedMs / minimumMs).toFixed(3),
    status: out.report?.status, failed: out.report?.counts.failed, pending: out.report?.counts.pending,
    usersInTenant: state.users.length, duplicateCreates: created - state.users.length, throttled: counters.throttled,
    groupMembers: state.groups[0]?.members.length,
  }, null, 2));
} finally {
  await listening.close();
  rmSync(dir, { recursive: true, force: true });
}
