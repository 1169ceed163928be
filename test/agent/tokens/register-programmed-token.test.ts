// SPDX-License-Identifier: UNLICENSED
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { createGraphClient } from '../../../agent/provisioning/graph/create-graph-client.js';
import type { GraphClient } from '../../../agent/provisioning/graph/graph-client.js';
import { registerOathToken } from '../../../agent/provisioning/oath/register-oath-token.js';
import { createSandboxTenant } from '../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxTenant } from '../../../agent/provisioning/sandbox/sandbox-tenant.js';
import type { RegisterInEntra } from '../../../agent/tokens/create-token-programmer.js';
import { READER, useProgrammingWorld, type ProgrammingWorld } from './programming-world.js';

const CLIENT_ID = '0f4bd0a6-3c07-4a8e-8a3c-3b1e6a4fd2c1';
const SECRET = 'Sbx~first.secret_0123456789-abcdefgh';
const random = createSystemRandom();
const world = useProgrammingWorld();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The programmer with `registerInEntra` wired as the daemon wires it (`registerOathToken` over a Graph client), against
 * a listening sandbox tenant sharing the world's clock; alice exists in Entra with her immutable id.
 */
async function withEntra(policy: { registerInEntra?: boolean } = {}): Promise<{ w: ProgrammingWorld; tenant: SandboxTenant; graph: GraphClient }> {
  const holder: { hook?: RegisterInEntra } = {};
  // 10 s into the step before now: the sandbox's TLS certificate is made at the world's time and must be valid already.
  const start = Math.floor(Date.now() / 30_000) * 30_000 - 20_000;
  const w = await world({ start, policy, deps: { registerInEntra: (serial, code, actor) => (holder.hook as RegisterInEntra)(serial, code, actor) } });
  const tenant = createSandboxTenant({ clock: w.clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET] }], domains: [{ name: 'contoso.com' }] });
  const listening = await tenant.listen();
  cleanups.push(() => listening.close());
  const caFile = join(w.dir, 'sandbox-ca.pem');
  writeFileSync(caFile, listening.caCertPem);
  const graph = await createGraphClient({
    tenantId: tenant.tenantId, clientId: CLIENT_ID, baseUrl: listening.url, authorityHost: listening.authorityUrl, caFile,
    timeoutMs: 5000, maxRetries: 2, writesPerWindow: 3000, writeWindowSeconds: 150, sync: { defaultUsageLocation: null, intervalMinutes: null, groups: [] },
  }, { credential: { kind: 'secret', reveal: () => SECRET }, clock: w.clock, random, logger: createNullLogger(), sleep: async () => undefined });
  cleanups.push(() => graph.close());
  const alice = await w.services.store.users.getByUpn('alice@contoso.com');
  await graph.request({
    method: 'POST', path: '/users', body: {
      accountEnabled: true, displayName: 'Alice', mailNickname: 'alice', userPrincipalName: 'alice@contoso.com', onPremisesImmutableId: alice?.immutableId,
      passwordProfile: { password: 'Xy7!random-Passw0rd', forceChangePasswordNextSignIn: false },
    },
  });
  holder.hook = async (serial, code, actor) => registerOathToken({ store: w.services.store, vault: w.services.vault, audit: w.services.audit, verifier: w.services.otp, graph }, serial, code, actor);
  return { w, tenant, graph };
}

describe('registerProgrammedToken (the registerInEntra hook) against the sandbox tenant', () => {
  it('registers a YubiKey right after activation with the next code the device computes', async () => {
    const { w, tenant } = await withEntra();
    w.readers.insert(READER, new OathCardEmulator());
    const { result, events } = await w.run({ upn: 'alice@contoso.com', registerInEntra: true });
    expect(result).toMatchObject({ ok: true, state: 'active', entra: { registered: true } });
    expect(events.map((e) => e.type)).toEqual(['waiting', 'detected', 'writing', 'verifying', 'registering', 'done']);
    const serial = result.ok ? result.serial : '';
    expect(tenant.state().hardwareOathDevices).toEqual([expect.objectContaining({
      status: 'activated', serialNumber: serial, manufacturer: 'Yubico', model: 'YubiKey OATH', hashFunction: 'hmacsha1', timeIntervalInSeconds: 30,
    })]);
    const [audit] = await w.services.store.audit.recent(1, { event: 'graph.oath_token_registered' });
    expect(audit).toMatchObject({ subject: serial, outcome: 'success', details: { upn: 'alice@contoso.com' } });
  });

  it('registers by policy (tokens.program.registerInEntra) unless the job says otherwise', async () => {
    const { w, tenant } = await withEntra({ registerInEntra: true });
    w.readers.insert(READER, new OathCardEmulator());
    const first = await w.run({ upn: 'alice@contoso.com' });
    expect(first.result).toMatchObject({ ok: true, entra: { registered: true } });
    w.readers.remove(READER);
    w.readers.insert(READER, new OathCardEmulator());
    const second = await w.run({ upn: 'alice@contoso.com', registerInEntra: false });
    expect(second.result).toMatchObject({ ok: true, state: 'active' });
    expect(second.events.map((e) => e.type)).not.toContain('registering');
    expect(tenant.state().hardwareOathDevices).toHaveLength(1);
  });

  it('asks a display token for the next code; the proof\'s code is refused as replayed, then registration succeeds', async () => {
    const { w, tenant } = await withEntra();
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const { result, events, replies } = await w.run({ upn: 'alice@contoso.com', registerInEntra: true }, {
      code: (e) => {
        if (e.purpose === 'register' && e.attemptsLeft === 2) w.clock.advance(30_000);
        return card.displayCode();
      },
    });
    expect(result).toMatchObject({ ok: true, state: 'active', entra: { registered: true } });
    expect(events.filter((e) => e.type === 'enter_code').map((e) => (e.type === 'enter_code' ? [e.purpose, e.attemptsLeft] : []))).toEqual([['prove', 3], ['register', 3], ['register', 2]]);
    expect(replies).toEqual([{ accepted: true }, { accepted: false, reason: 'replayed', attemptsLeft: 2 }, { accepted: true }]);
    expect(tenant.state().hardwareOathDevices).toEqual([expect.objectContaining({ status: 'activated' })]);
  });

  it('keeps the token active and reports why when Entra does not know the user', async () => {
    const { w, tenant } = await withEntra();
    w.readers.insert(READER, new OathCardEmulator());
    const { result } = await w.run({ upn: 'bob@contoso.com', registerInEntra: true });
    expect(result).toMatchObject({ ok: true, state: 'active', entra: { registered: false, code: 'ERR_NOT_FOUND', message: expect.stringContaining('bob@contoso.com') as unknown } });
    expect(tenant.state().hardwareOathDevices).toEqual([]);
  });
});
