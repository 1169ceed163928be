// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createDeviceManager } from '../../../drivers/device-manager.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import type { OtpVerifier } from '../../../agent/otp/create-otp-verifier.js';
import { SEED_PURPOSE } from '../../../agent/otp/seed-purpose.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { activateStockToken, type ActivateStockTokenDeps, type StockTokenClaim } from '../../../agent/tokens/activate-stock-token.js';
import { createTokenProgrammer } from '../../../agent/tokens/create-token-programmer.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { useTestServices, type TestServices } from '../../helpers/open-test-services.js';
import { EmulatedReaders } from './emulated-readers.js';

const open = useTestServices();
const READER = 'Emulated PCD 00 00';
const HELPDESK = { id: 'staff:helen@contoso.com', source: '10.1.1.1' };
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const PASSWORD = 'correct horse battery staple';
const IP = '192.0.2.10';
/** 10 s into a 30 s step. */
const T0 = Date.UTC(2026, 11, 1, 12, 0, 10);
/** Cheap hashes; one free attempt per factor, then a 5 s delay. */
const YAML = [
  'directory: { password: { scrypt: { cost: 16384, blockSize: 1 } } }',
  'policy: { lockout: { password: { freeAttempts: 1, maxFailures: 3 }, otp: { freeAttempts: 1, maxFailures: 3 } } }',
].join('\n');

/** A promise and its resolve (Node 20 has no `Promise.withResolvers`). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface World extends TestServices {
  deps: ActivateStockTokenDeps;
  /** Burns a new emulated YKOATH card into stock (the helpdesk's bulk job): `programmed`, no user, proof code spent. */
  stock(): Promise<{ serial: string; seed: Buffer }>;
  /** The seed's code `steps` time steps from the clock's now (oathtool). */
  code(seed: Buffer, steps?: number): string;
  activate(claim: Partial<StockTokenClaim> & { serial: string; code: string }, deps?: ActivateStockTokenDeps): ReturnType<typeof activateStockToken>;
  userId(upn: string): Promise<string>;
  /** `token.assigned` records, oldest first: [outcome, subject, reason or state, actor]. */
  assigned(): Promise<Array<[string, string | null, unknown, string]>>;
}

async function world(): Promise<World> {
  const t = await open(YAML, T0);
  const { services, clock, rt } = t;
  const readers = new EmulatedReaders([READER]);
  const programmer = createTokenProgrammer({
    store: services.store, vault: services.vault, audit: services.audit, clock, random: createSystemRandom(), logger: createNullLogger(),
    devices: createDeviceManager({ backend: readers, clock }), verifier: services.otp, issuer: rt.config.otp.issuer,
    window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
    policy: { algorithm: 'SHA1', digits: 6, period: 30 },
  });
  for (const upn of [ALICE, BOB]) await services.directory.users.add({ upn, displayName: upn, password: PASSWORD }, HELPDESK);
  const { store, passwords, otp, lockout, sourceLimiter, audit } = services;
  const deps: ActivateStockTokenDeps = { store, passwords, otp, lockout, sourceLimiter, audit, clock };
  return {
    ...t, deps,
    async stock() {
      readers.insert(READER, new OathCardEmulator());
      const result = await programmer.program({ reader: READER, actor: HELPDESK }, () => undefined).done;
      if (!result.ok) throw result.error;
      readers.remove(READER);
      const row = await store.tokens.getBySerial(result.serial);
      expect(row).toMatchObject({ state: 'programmed', userId: null });
      return { serial: result.serial, seed: await services.vault.open(row?.seedSecretId ?? '', SEED_PURPOSE) };
    },
    code: (seed, steps = 0) => oathtoolTotp(seed, { at: Math.floor(clock.now() / 1000) + steps * 30 }),
    activate: (claim, d = deps) => activateStockToken(d, { upn: ALICE, password: PASSWORD, ...claim }, IP),
    async userId(upn) {
      return (await store.users.getByUpn(upn))?.id ?? '';
    },
    async assigned() {
      const records = (await store.audit.recent(100, { event: 'token.assigned' })).reverse();
      return records.map((r) => [r.outcome, r.subject, r.details.reason ?? r.details.state, r.actor]);
    },
  };
}

describe('activateStockToken', () => {
  it('makes a programmed stock token the user\'s and active with its next code; the user then signs in with it', async () => {
    const w = await world();
    const { serial, seed } = await w.stock();
    const result = await w.activate({ serial: serial.toLowerCase(), code: ` ${w.code(seed, 1).replace(/(...)/, '$1 ')} ` });
    const alice = await w.userId(ALICE);
    expect(result).toEqual({ ok: true, serial, upn: ALICE, tokenId: expect.any(String) as string });
    expect(await w.services.store.tokens.getBySerial(serial)).toMatchObject({ state: 'active', userId: alice, lastCounter: Math.floor(T0 / 30_000) + 1 });
    const [activated] = await w.services.store.audit.recent(1, { event: 'token.activated' });
    expect(activated).toMatchObject({ actor: `user:${ALICE}`, source: IP, subject: serial, outcome: 'success', details: { userId: alice } });
    const success = (await w.services.store.audit.recent(1, { event: 'token.assigned' }))[0];
    expect(success).toMatchObject({ actor: `user:${ALICE}`, source: IP, subject: serial, outcome: 'success', details: { userId: alice, upn: ALICE, state: 'active', via: 'self-service' } });
    const [verified] = await w.services.store.audit.recent(1, { event: 'otp.verified' });
    expect(verified).toMatchObject({ subject: serial, outcome: 'success', actor: `user:${ALICE}`, details: { purpose: 'enrolment' } });
    w.clock.advance(60_000);
    expect(await w.services.otp.verifyUser({ upn: ALICE, code: w.code(seed), purpose: 'sign-in', actor: { id: `user:${ALICE}`, source: IP } })).toMatchObject({ ok: true, serial });
  });

  it('refuses a second token for a user who already has an active one: a password alone never adds a factor', async () => {
    const w = await world();
    const first = await w.stock();
    expect(await w.activate({ serial: first.serial, code: w.code(first.seed, 1) })).toMatchObject({ ok: true });
    const second = await w.stock();
    w.clock.advance(30_000);
    expect(await w.activate({ serial: second.serial, code: w.code(second.seed, 1) })).toEqual({ ok: false, reason: 'has_token' });
    expect(await w.services.store.tokens.getBySerial(second.serial)).toMatchObject({ state: 'programmed', userId: null });
    expect((await w.assigned()).at(-1)).toEqual(['denied', second.serial, 'has_token', `user:${ALICE}`]);
    expect(await w.activate({ upn: BOB, serial: second.serial, code: w.code(second.seed, 1) })).toMatchObject({ ok: true, upn: BOB });
  });

  it('refuses a wrong password before looking at the token: password lockout counted, the token untouched', async () => {
    const w = await world();
    const { serial, seed } = await w.stock();
    const before = await w.services.store.tokens.getBySerial(serial);
    expect(await w.activate({ password: 'wrong', serial, code: w.code(seed, 1) })).toEqual({ ok: false, reason: 'rejected' });
    expect(await w.services.store.tokens.getBySerial(serial)).toEqual(before);
    const alice = await w.userId(ALICE);
    expect((await w.services.store.lockouts.get(alice, 'password'))?.failures).toBe(1);
    expect(await w.services.store.lockouts.get(alice, 'otp')).toBeNull();
    expect(await w.assigned()).toEqual([['failure', serial, 'wrong_password', `user:${ALICE}`]]);
    expect(await w.services.store.audit.recent(5, { event: 'otp.verified' })).toEqual([]);
  });

  it('answers an unknown serial like a wrong code, counting one OTP attempt against the user', async () => {
    const w = await world();
    const { seed } = await w.stock();
    expect(await w.activate({ serial: 'NO-SUCH-TOKEN', code: w.code(seed, 1) })).toEqual({ ok: false, reason: 'rejected' });
    expect((await w.services.store.lockouts.get(await w.userId(ALICE), 'otp'))?.failures).toBe(1);
    expect(await w.assigned()).toEqual([['failure', 'NO-SUCH-TOKEN', 'unknown_serial', `user:${ALICE}`]]);
  });

  it('refuses a token that is active, someone else\'s, or only in stock (not programmed), with the same answer', async () => {
    const w = await world();
    const bobs = await w.stock();
    const bob = await w.userId(BOB);
    await w.services.tokens.assign(bobs.serial, BOB, HELPDESK);
    const claimed = await w.stock();
    const row = await w.services.store.tokens.getBySerial(claimed.serial);
    await w.services.store.tokens.update(row?.id ?? '', { userId: bob, updatedAt: T0 }, ['programmed']);
    await w.services.tokens.import({
      tokens: [{ source: { kind: 'csv', line: 2 }, serial: 'IMPORTED-1', manufacturer: '', model: '', type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, timeDrift: 0, secret: Buffer.alloc(20, 7) }],
      format: 'oath-csv', origin: 'test', assign: false,
    }, HELPDESK);
    for (const [serial, seed] of [[bobs.serial, bobs.seed], [claimed.serial, claimed.seed], ['IMPORTED-1', Buffer.alloc(20, 7)]] as const) {
      w.clock.advance(30_000);
      expect(await w.activate({ serial, code: w.code(seed, 1) })).toEqual({ ok: false, reason: 'rejected' });
    }
    expect(await w.services.store.tokens.getBySerial(bobs.serial)).toMatchObject({ state: 'active', userId: bob });
    expect(await w.services.store.tokens.getBySerial(claimed.serial)).toMatchObject({ state: 'programmed', userId: bob });
    expect(await w.services.store.tokens.getBySerial('IMPORTED-1')).toMatchObject({ state: 'in_stock', userId: null });
    expect((await w.assigned()).slice(1)).toEqual([
      ['failure', bobs.serial, 'token_active', `user:${ALICE}`],
      ['failure', claimed.serial, 'token_assigned', `user:${ALICE}`],
      ['failure', 'IMPORTED-1', 'token_in_stock', `user:${ALICE}`],
    ]);
  });

  it('refuses a wrong code and the spent proof code (replayed); the token stays in stock', async () => {
    const w = await world();
    const { serial, seed } = await w.stock();
    const wrong = String((Number(w.code(seed, 1)) + 1) % 1_000_000).padStart(6, '0');
    expect(await w.activate({ serial, code: wrong })).toEqual({ ok: false, reason: 'rejected' });
    w.clock.advance(5_000);
    // The programming job proved the seed by CALCULATE at T0: that code is spent.
    expect(await w.activate({ serial, code: oathtoolTotp(seed, { at: Math.floor(T0 / 1000) }) })).toEqual({ ok: false, reason: 'rejected' });
    expect(await w.services.store.tokens.getBySerial(serial)).toMatchObject({ state: 'programmed', userId: null, lastCounter: Math.floor(T0 / 30_000) });
    expect((await w.assigned()).map((r) => r[2])).toEqual(['wrong_code', 'replayed']);
    const verified = (await w.services.store.audit.recent(2, { event: 'otp.verified' })).map((r) => r.details.reason);
    expect(verified).toEqual(['replayed', 'wrong_code']);
  });

  it('reports the lockout: a locked password refuses even the right one, as do too many wrong codes', async () => {
    const w = await world();
    const { serial, seed } = await w.stock();
    await w.activate({ password: 'wrong', serial, code: w.code(seed, 1) });
    expect(await w.activate({ serial, code: w.code(seed, 1) })).toEqual({ ok: false, reason: 'locked' });
    const bobs = await w.activate({ upn: BOB, serial, code: '000000' });
    expect(bobs.ok).toBe(false);
    expect(await w.activate({ upn: BOB, serial, code: w.code(seed, 1) })).toEqual({ ok: false, reason: 'locked' });
    expect(await w.services.store.tokens.getBySerial(serial)).toMatchObject({ state: 'programmed', userId: null });
    expect((await w.assigned()).map((r) => [r[0], r[2]])).toEqual([['failure', 'wrong_password'], ['denied', 'locked'], ['failure', 'wrong_code'], ['denied', 'locked']]);
    w.clock.advance(5_000);
    expect(await w.activate({ upn: BOB, serial, code: w.code(seed, 1) })).toMatchObject({ ok: true, upn: BOB });
  });

  it('lets exactly one of two users racing for one token win, with the same code (replay guard) or two codes (the update)', async () => {
    const w = await world();
    const same = await w.stock();
    const code = w.code(same.seed, 1);
    const races = await Promise.all([w.activate({ serial: same.serial, code }), w.activate({ upn: BOB, serial: same.serial, code })]);
    expect(races.filter((r) => r.ok)).toHaveLength(1);
    const winner = races.find((r) => r.ok);
    expect((await w.services.store.tokens.getBySerial(same.serial))?.userId).toBe(await w.userId(winner?.ok ? winner.upn : ''));

    // Two valid codes, both verified (Bob's older step first, so the replay guard passes both) before either
    // update: only the guarded update can decide. The first race's winner gives the token back first (a user
    // with an active token may not take another).
    await w.services.tokens.change(same.serial, 'revoke', 'race test', HELPDESK);
    const two = await w.stock();
    w.clock.advance(30_000);
    const done: Record<string, ReturnType<typeof signal>> = { [`user:${ALICE}`]: signal(), [`user:${BOB}`]: signal() };
    const gated: Pick<OtpVerifier, 'verifyToken'> = {
      async verifyToken(token, code, state, purpose, actor) {
        if (actor.id === `user:${ALICE}`) await done[`user:${BOB}`]?.promise;
        const r = await w.services.otp.verifyToken(token, code, state, purpose, actor);
        done[actor.id]?.resolve();
        await Promise.all(Object.values(done).map((d) => d.promise));
        return r;
      },
    };
    const deps = { ...w.deps, otp: gated };
    const both = await Promise.all([
      w.activate({ serial: two.serial, code: w.code(two.seed, 1) }, deps),
      w.activate({ upn: BOB, serial: two.serial, code: w.code(two.seed, 0) }, deps),
    ]);
    expect((await w.services.store.audit.recent(2, { event: 'otp.verified' })).map((r) => [r.subject, r.outcome])).toEqual([[two.serial, 'success'], [two.serial, 'success']]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const won = both.find((r) => r.ok);
    expect(await w.services.store.tokens.getBySerial(two.serial)).toMatchObject({ state: 'active', userId: await w.userId(won?.ok ? won.upn : '') });
    const outcomes = (await w.assigned()).filter((r) => r[1] === two.serial).map((r) => [r[0], r[2]]);
    expect(outcomes.sort()).toEqual([['failure', 'taken_meanwhile'], ['success', 'active']]);
    expect((await w.services.store.audit.recent(10, { event: 'token.activated' })).filter((r) => r.subject === two.serial)).toHaveLength(1);
  });
});
