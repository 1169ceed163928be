// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { configSchema, type AppConfig } from '../../../../agent/config/schema.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createGraphClient } from '../../../../agent/provisioning/graph/create-graph-client.js';
import type { GraphClient } from '../../../../agent/provisioning/graph/graph-client.js';
import { loadGraphCredential, storeGraphCredential, type GraphCredential } from '../../../../agent/provisioning/graph/graph-credentials.js';
import type { NewGraphUser } from '../../../../agent/provisioning/graph/user-operations.js';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxListening, SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import type { SandboxThrottleOptions } from '../../../../agent/provisioning/sandbox/sandbox-tenant-options.js';
import { loadKeyring } from '../../../../agent/vault/load-keyring.js';
import { createVault } from '../../../../agent/vault/vault.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { useSqliteStores, writeKeyFile } from '../../vault/vault-fixtures.js';
import { fakeTime } from './graph-fakes.js';

const CLIENT_ID = '0f4bd0a6-3c07-4a8e-8a3c-3b1e6a4fd2c1';
const SECRET = 'Sbx~secret.value_0123456789-abcdefgh';
const SKU = { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'ENTERPRISEPREMIUM', enabled: 500 };
const random = createSystemRandom();

const newUser = (n: number, extra: Partial<NewGraphUser> = {}): NewGraphUser => ({
  accountEnabled: true, displayName: `User ${n}`, mailNickname: `user${n}`, userPrincipalName: `user${n}@contoso.com`,
  onPremisesImmutableId: Buffer.from(`immutable-${n}-\u00ff\u00fb`, 'latin1').toString('base64'), usageLocation: 'US',
  passwordProfile: { password: `Pw!${random.uuid()}`, forceChangePasswordNextSignIn: false }, ...extra,
});

interface SandboxWorld {
  tenant: SandboxTenant;
  listening: SandboxListening;
  graph: GraphClient;
  config: AppConfig['graph'];
  time: ReturnType<typeof fakeTime>;
  connect(credential: GraphCredential, over?: Partial<AppConfig['graph']>): Promise<GraphClient>;
}

describe('GraphClient against the sandbox tenant', () => {
  const tempDir = useTempDir('mfa-graph-sbx-');
  const openStore = useSqliteStores();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A sandbox and a client sharing one fake clock (sleeps advance it at once). */
  async function sandbox(opts: { throttle?: SandboxThrottleOptions; over?: Partial<AppConfig['graph']>; certificatesPem?: string[]; credential?: GraphCredential } = {}): Promise<SandboxWorld> {
    // Starts at the real time: the sandbox's certificate is issued on this clock and checked by TLS on the real one.
    const time = fakeTime(Date.now());
    const tenant = createSandboxTenant({
      clock: time.clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET], certificatesPem: opts.certificatesPem ?? [] }],
      domains: [{ name: 'contoso.com' }], skus: [SKU], ...(opts.throttle ? { throttle: opts.throttle } : {}),
    });
    const listening = await tenant.listen();
    cleanups.push(() => listening.close());
    const caFile = join(tempDir(), 'sandbox-ca.pem');
    writeFileSync(caFile, listening.caCertPem);
    const base = configSchema.parse({ graph: { tenantId: tenant.tenantId, clientId: CLIENT_ID, baseUrl: listening.url, authorityHost: listening.authorityUrl, caFile } }).graph;
    const connect = async (credential: GraphCredential, over: Partial<AppConfig['graph']> = {}): Promise<GraphClient> => {
      const client = await createGraphClient({ ...base, ...opts.over, ...over }, { credential, clock: time.clock, random, logger: createNullLogger(), sleep: time.sleep });
      cleanups.push(() => client.close());
      return client;
    };
    const graph = await connect(opts.credential ?? { kind: 'secret', reveal: () => SECRET });
    return { tenant, listening, graph, config: { ...base, ...opts.over }, time, connect };
  }

  test('certificate credential from the vault: real token acquisition with the sandbox CA, create and find a user', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=mfa-appliance'], { stdio: 'ignore' });
    const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    const store = await openStore(join(dir, 'mfa.db'));
    const vault = createVault({ store: store.secrets, keyring: loadKeyring({ file: writeKeyFile(dir, ['k1']) }), clock: fakeTime().clock, random, logger: createNullLogger() });
    const ref = await storeGraphCredential({ vault, clock: { now: () => Date.now() } }, { kind: 'certificate', privateKeyPem: readFileSync(join(dir, 'k.pem'), 'utf8'), certificatePem: certPem });
    const w = await sandbox({ certificatesPem: [certPem], credential: await loadGraphCredential(vault, ref) });
    const immutableId = 'q+/vPwAA+//+Lw==';
    const created = await w.graph.createUser(newUser(1, { onPremisesImmutableId: immutableId }));
    expect(await w.graph.getUserByImmutableId(immutableId)).toMatchObject({ id: created.id, userPrincipalName: 'user1@contoso.com', onPremisesImmutableId: immutableId });
    expect(await w.graph.getUserByUpn('user1@contoso.com')).toMatchObject({ id: created.id });
    expect(await w.graph.getUserByImmutableId('q+/vPwAA+//+Lw=')).toBeNull();
    expect(w.tenant.counters().tokensIssued).toBe(1);
  });

  test('batch with dependsOn: create → licence → group member chains stay whole and land once', async () => {
    const w = await sandbox();
    const group = await w.graph.request<{ id: string }>({ method: 'POST', path: '/groups', body: { displayName: 'Staff', mailEnabled: false, mailNickname: 'staff', securityEnabled: true } });
    const groupId = group.body?.id ?? '';
    const reqs = Array.from({ length: 12 }, (_, n) => [
      { id: `c${n}`, method: 'POST' as const, path: '/users', body: newUser(n) },
      { id: `l${n}`, method: 'POST' as const, path: `/users/user${n}@contoso.com/assignLicense`, body: { addLicenses: [{ skuId: SKU.skuId, disabledPlans: [] }], removeLicenses: [] }, dependsOn: [`c${n}`] },
    ]).flat();
    const results = await w.graph.batch(reqs);
    expect(results.map((r) => r.status)).toEqual(reqs.map((r) => (r.id.startsWith('c') ? 201 : 200)));
    const users = w.tenant.state().users;
    expect(users).toHaveLength(12);
    expect(users.every((u) => (u.assignedLicenses as Array<{ skuId: string }>).some((l) => l.skuId === SKU.skuId))).toBe(true);
    const members = await w.graph.batch(users.map((u, i) => ({ id: String(i), method: 'POST' as const, path: `/groups/${groupId}/members/$ref`, body: { '@odata.id': `${w.listening.url}/v1.0/directoryObjects/${String(u.id)}` } })));
    expect(members.every((m) => m.status === 204)).toBe(true);
    expect(w.tenant.state().groups.find((g) => g.id === groupId)?.members).toHaveLength(12);
    expect(w.tenant.counters().writes['create user']).toBe(12);
  });

  test('429 storm: a quota 10× tighter than configured is survived with no lost or duplicate creates', async () => {
    const w = await sandbox({ throttle: { writesPerWindow: 10, windowMs: 2000 }, over: { writesPerWindow: 100, writeWindowSeconds: 1, maxRetries: 8 } });
    const results = await w.graph.batch(Array.from({ length: 60 }, (_, n) => ({ id: String(n), method: 'POST' as const, path: '/users', body: newUser(n) })));
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const upns = w.tenant.state().users.map((u) => u.userPrincipalName);
    expect(new Set(upns).size).toBe(60);
    expect(upns).toHaveLength(60);
    expect(w.tenant.counters().writes['create user']).toBe(60);
    expect(w.tenant.counters().throttled.WriteLimitExceeded ?? 0).toBeGreaterThan(0);
  });

  test('paced at the sandbox quota: 200 writes, zero 429s, within 1.15 × the quota minimum', async () => {
    // One batch in flight: with several, the fake clock would jump (other callers' sleeps) while a
    // request is on the wire, which real time does not do.
    const w = await sandbox({ throttle: { writesPerWindow: 20, windowMs: 2000 }, over: { writesPerWindow: 20, writeWindowSeconds: 2 } });
    const t0 = w.time.clock.now();
    const results = await w.graph.batch(Array.from({ length: 200 }, (_, n) => ({ id: String(n), method: 'POST' as const, path: '/users', body: newUser(n) })), { concurrency: 1 });
    const elapsed = w.time.clock.now() - t0;
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(w.tenant.counters().throttled).toEqual({});
    expect(w.tenant.counters().writes['create user']).toBe(200);
    const minimum = (Math.ceil(200 / 20) - 1) * 2000;
    expect(elapsed).toBeGreaterThanOrEqual(minimum);
    expect(elapsed).toBeLessThanOrEqual(1.15 * minimum);
  });

  test('503 storm on create: retried, one user in the end', async () => {
    const w = await sandbox();
    w.tenant.injectFault({ method: 'POST', path: '/v1.0/users', times: 3 }, { kind: 'status', status: 503 });
    await w.graph.createUser(newUser(5));
    expect(w.tenant.state().users.map((u) => u.userPrincipalName)).toEqual(['user5@contoso.com']);
    w.tenant.injectFault({ method: 'GET', path: /^\/v1\.0\/users\/user5/, times: 10 }, { kind: 'status', status: 503 });
    await expect(w.graph.getUserByUpn('user5@contoso.com')).rejects.toMatchObject({ code: 'ERR_GRAPH', data: { status: 503 } });
  });

  test('hang → timeout → retry; malformed JSON → clear error', async () => {
    const w = await sandbox({ over: { timeoutMs: 400 } });
    await w.graph.createUser(newUser(7));
    w.tenant.injectFault({ method: 'GET', path: /^\/v1\.0\/users\/user7/ }, { kind: 'hang' });
    expect(await w.graph.getUserByUpn('user7@contoso.com')).toMatchObject({ userPrincipalName: 'user7@contoso.com' });
    w.tenant.injectFault({ method: 'GET', path: /^\/v1\.0\/users\/user7/ }, { kind: 'malformed-json' });
    await expect(w.graph.getUserByUpn('user7@contoso.com')).rejects.toMatchObject({ code: 'ERR_GRAPH', data: { reason: 'protocol', status: 200 } });
  });

  test('expired tokens are replaced transparently; a revoked secret ends in ERR_GRAPH_AUTH naming AADSTS7000215', async () => {
    const w = await sandbox();
    await w.graph.createUser(newUser(9));
    w.tenant.expireTokens();
    expect(await w.graph.getUserByUpn('user9@contoso.com')).toMatchObject({ userPrincipalName: 'user9@contoso.com' });
    expect(w.tenant.counters().tokensIssued).toBe(2);
    w.tenant.revokeSecret({ revokeIssuedTokens: true });
    const err = await w.graph.getUserByUpn('user9@contoso.com').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_GRAPH_AUTH', data: { status: 401, graphCode: 'invalid_client', phase: 'token' } });
    expect((err as Error).message).toContain('AADSTS7000215');
    expect(JSON.stringify({ m: (err as Error).message, d: (err as { data: unknown }).data })).not.toContain(SECRET);
  });
});
