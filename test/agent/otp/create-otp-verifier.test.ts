// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { hotp } from '../../../agent/otp/hotp.js';
import type { ImportedToken } from '../../../agent/otp/import/imported-token.js';
import type { Actor } from '../../../agent/actor.js';
import { useTestServices, type TestServices } from '../../helpers/open-test-services.js';

const open = useTestServices();
const admin: Actor = { id: 'cli:test', source: 'cli' };
const api: Actor = { id: 'api:radius-gw', source: '10.0.0.5' };
/** RFC 6238 Appendix B seeds. */
const SEED1 = Buffer.from('12345678901234567890');
const SEED256 = Buffer.from('12345678901234567890123456789012');
const T0 = 1_111_111_109_000;

function token(over: Partial<ImportedToken> = {}): ImportedToken {
  return {
    source: { kind: 'csv', line: 2 }, serial: 'TOTP-1', manufacturer: 'Token2', model: 'C302', type: 'totp',
    algorithm: 'SHA1', digits: 6, period: 30, timeDrift: 0, secret: Buffer.from(SEED1), upn: 'alice@contoso.com', ...over,
  };
}

async function world(tokens: ImportedToken[] = [token()], yaml = ''): Promise<TestServices> {
  const t = await open(yaml, T0);
  await t.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, admin);
  await t.services.tokens.import({ tokens, format: 'oath-csv', origin: 'test.csv', assign: true }, admin);
  return t;
}

const codeAt = (ms: number, seed = SEED1, digits: 6 | 8 = 6, alg: 'SHA1' | 'SHA256' = 'SHA1', period = 30) =>
  hotp(seed, Math.floor(ms / 1000 / period), digits, alg);

const verify = (t: TestServices, code: string, purpose: 'api' | 'sign-in' | 'password-change' = 'api') =>
  t.services.otp.verifyUser({ upn: 'alice@contoso.com', code, purpose, actor: api });

describe('createOtpVerifier', () => {
  it('accepts the RFC 6238 code once, then reports the replay; the audit log tells which token', async () => {
    const t = await world();
    expect(codeAt(T0, SEED1, 8)).toBe('07081804');
    const code = codeAt(T0);
    expect(await verify(t, code)).toMatchObject({ ok: true, reason: 'ok', serial: 'TOTP-1', verifiedAt: T0 });
    expect(await verify(t, code)).toMatchObject({ ok: false, reason: 'replayed' });
    const tok = await t.services.store.tokens.getBySerial('TOTP-1');
    expect(tok?.lastCounter).toBe(Math.floor(T0 / 30_000));
    const [replay, success] = await t.services.store.audit.recent(2, { event: 'otp.verified' });
    expect(success).toMatchObject({ outcome: 'success', subject: 'alice@contoso.com', actor: 'api:radius-gw', source: '10.0.0.5' });
    expect(replay?.details).toMatchObject({ reason: 'replayed', serial: 'TOTP-1', purpose: 'api' });
  });

  it('accepts ±1 step by default and nothing beyond; SHA-256 8-digit 60 s tokens work the same', async () => {
    const t = await world([token(), token({ serial: 'T256', algorithm: 'SHA256', digits: 8, period: 60, secret: Buffer.from(SEED256), upn: 'alice@contoso.com' })]);
    expect(await verify(t, codeAt(T0 - 60_000))).toMatchObject({ ok: false, reason: 'wrong_code' });
    expect(await verify(t, codeAt(T0 + 60_000))).toMatchObject({ ok: false, reason: 'wrong_code' });
    expect(await verify(t, codeAt(T0 - 30_000))).toMatchObject({ ok: true });
    expect(await verify(t, codeAt(T0 + 60_000, SEED256, 8, 'SHA256', 60))).toMatchObject({ ok: true, serial: 'T256' });
  });

  it('rejects a valid code for a step older than the last accepted one', async () => {
    const t = await world();
    expect(await verify(t, codeAt(T0 + 30_000))).toMatchObject({ ok: true });
    expect(await verify(t, codeAt(T0))).toMatchObject({ ok: false, reason: 'replayed' });
    // Step s−1 is now outside the window, which follows the token's recorded drift of +1.
    expect(await verify(t, codeAt(T0 - 30_000))).toMatchObject({ ok: false });
    expect((await t.services.store.tokens.getBySerial('TOTP-1'))?.lastCounter).toBe(Math.floor(T0 / 30_000) + 1);
  });

  it('a code spent on a password change cannot then sign in', async () => {
    const t = await world();
    const code = codeAt(T0);
    expect(await verify(t, code, 'password-change')).toMatchObject({ ok: true });
    expect(await verify(t, code, 'sign-in')).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('of 50 concurrent verifications of one valid code exactly one succeeds', async () => {
    const t = await world();
    const code = codeAt(T0);
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(t, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.reason === 'replayed' || r.reason === 'locked')).toBe(true);
  });

  it('records drift and applies it later: a token running two steps fast is followed after a resync', async () => {
    const t = await world();
    const fast = (ms: number) => codeAt(ms + 60_000);
    expect(await verify(t, fast(T0))).toMatchObject({ ok: false, reason: 'wrong_code' });
    const r = await t.services.tokens.resync('TOTP-1', fast(T0), fast(T0 + 30_000), admin);
    expect(r).toEqual({ ok: true, counter: Math.floor((T0 + 90_000) / 30_000), drift: 3 });
    t.clock.advance(120_000);
    expect(await verify(t, fast(T0 + 120_000))).toMatchObject({ ok: true });
    expect((await t.services.store.tokens.getBySerial('TOTP-1'))?.drift).toBe(2);
  });

  it('HOTP: RFC 4226 counters within the look-ahead are accepted in order; a used counter is a replay', async () => {
    const t = await world([token({ serial: 'H1', type: 'hotp', period: undefined, counter: 0 })]);
    const rfc = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(await verify(t, rfc[0] ?? '')).toMatchObject({ ok: true });
    expect(await verify(t, rfc[0] ?? '')).toMatchObject({ ok: false, reason: 'replayed' });
    expect(await verify(t, rfc[5] ?? '')).toMatchObject({ ok: true });
    expect(await verify(t, rfc[3] ?? '')).toMatchObject({ ok: false });
    expect((await t.services.store.tokens.getBySerial('H1'))?.lastCounter).toBe(5);
  });

  it('any active token of the user satisfies; suspended, revoked and unknown users say no_token', async () => {
    const t = await world([token(), token({ serial: 'TOTP-2', secret: Buffer.from(SEED256.subarray(0, 20).reverse()) })]);
    const other = hotp(Buffer.from(SEED256.subarray(0, 20)), Math.floor(T0 / 30_000), 6, 'SHA1');
    expect(await verify(t, other)).toMatchObject({ ok: true, serial: 'TOTP-2' });
    await t.services.tokens.change('TOTP-1', 'suspend', 'lost in the car park', admin);
    await t.services.tokens.change('TOTP-2', 'revoke', 'left', admin);
    expect(await verify(t, codeAt(T0 + 30_000))).toMatchObject({ ok: false, reason: 'no_token' });
    expect(await t.services.otp.verifyUser({ upn: 'nobody@contoso.com', code: '123456', purpose: 'api', actor: api })).toMatchObject({ ok: false, reason: 'no_token' });
    const revoked = await t.services.store.tokens.getBySerial('TOTP-2');
    expect(revoked?.seedSecretId).toBeNull();
  });
});
