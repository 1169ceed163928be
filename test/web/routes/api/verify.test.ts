// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { hotp } from '../../../../agent/otp/hotp.js';
import { useTestAppliance, type TestAppliance } from '../../../helpers/open-test-services.js';

const start = useTestAppliance();
const admin = { id: 'cli:test', source: 'cli' };
const SEED = Buffer.from('12345678901234567890');
const T0 = 1_111_111_109_000;
const code = (ms: number) => hotp(SEED, Math.floor(ms / 30_000), 6, 'SHA1');

async function appliance(yaml = '', networks?: string[], server = ''): Promise<TestAppliance & { key: string }> {
  const a = await start(yaml, T0, server);
  await a.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, admin);
  await a.services.directory.users.add({ upn: 'bob@contoso.com', displayName: 'Bob' }, admin);
  await a.services.tokens.import({
    tokens: [{ source: { kind: 'csv', line: 2 }, serial: 'A1', manufacturer: '', model: '', type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, timeDrift: 0, secret: Buffer.from(SEED), upn: 'alice@contoso.com' }],
    format: 'oath-csv', origin: 'test', assign: true,
  }, admin);
  const { key } = await a.services.directory.apiClients.add({ name: 'vpn-gw', ...(networks ? { networks } : {}) }, admin);
  return { ...a, key };
}

async function post(a: { url: string; key: string }, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${a.url}/api/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/v1/verify', () => {
  it('answers ok, then replayed for the same code, wrong_code and no_token; each call is audited', async () => {
    const a = await appliance();
    const first = await post(a, { user: 'alice@contoso.com', code: code(T0) });
    expect(first).toMatchObject({ status: 200, body: { ok: true, reason: 'ok' } });
    expect([first.headers.get('cache-control'), first.headers.get('x-content-type-options')]).toEqual(['no-store', 'nosniff']);
    expect((await post(a, { user: 'alice@contoso.com', code: code(T0) })).body).toEqual({ ok: false, reason: 'replayed' });
    expect((await post(a, { user: 'ALICE@contoso.com', code: '000000' })).body).toEqual({ ok: false, reason: 'wrong_code' });
    expect((await post(a, { user: 'bob@contoso.com', code: '123456' })).body).toEqual({ ok: false, reason: 'no_token' });
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/mfa_appliance_otp_verifications_total\{[^}]*purpose="api"[^}]*reason="replayed"[^}]*\} 1/);
    const audited = await a.services.store.audit.recent(10, { event: 'otp.verified' });
    expect(audited.map((r) => [r.actor, r.source, r.outcome])).toEqual([
      ['api:vpn-gw', '127.0.0.1', 'failure'], ['api:vpn-gw', '127.0.0.1', 'failure'], ['api:vpn-gw', '127.0.0.1', 'failure'], ['api:vpn-gw', '127.0.0.1', 'success'],
    ]);
  });

  it('of 50 concurrent requests with one valid code exactly one succeeds', async () => {
    const a = await appliance();
    const c = code(T0);
    const results = await Promise.all(Array.from({ length: 50 }, () => post(a, { user: 'alice@contoso.com', code: c })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.ok === true)).toHaveLength(1);
  });

  it('a locked user is told "locked" without the code being checked; the audit says which lock', async () => {
    const a = await appliance('policy: { lockout: { otp: { freeAttempts: 1, maxFailures: 2 } } }');
    expect((await post(a, { user: 'alice@contoso.com', code: '000000' })).body.reason).toBe('wrong_code');
    expect((await post(a, { user: 'alice@contoso.com', code: code(T0) })).body.reason).toBe('locked');
    a.clock.advance(10_000);
    expect((await post(a, { user: 'alice@contoso.com', code: '111111' })).body.reason).toBe('wrong_code');
    a.clock.advance(24 * 3600_000);
    expect((await post(a, { user: 'alice@contoso.com', code: code(T0 + 24 * 3600_000 + 10_000) })).body.reason).toBe('locked');
    const [last] = await a.services.store.audit.recent(1, { event: 'otp.verified' });
    expect(last).toMatchObject({ outcome: 'denied', details: { reason: 'locked', lockedBy: 'user_hard_lock' } });
    await a.services.tokens.unlockUser('alice@contoso.com', admin);
    expect((await post(a, { user: 'alice@contoso.com', code: code(T0 + 24 * 3600_000 + 10_000) })).body).toEqual({ ok: true, reason: 'ok' });
  });

  it.each([
    ['not JSON', '{user:', 'ERR_BAD_REQUEST'],
    ['an array', '[]', 'ERR_BAD_REQUEST'],
    ['a numeric code', { user: 'alice@contoso.com', code: 123456 }, 'ERR_BAD_REQUEST'],
    ['a non-digit code', { user: 'alice@contoso.com', code: '12345a' }, 'ERR_BAD_REQUEST'],
    ['a short code', { user: 'alice@contoso.com', code: '12345' }, 'ERR_BAD_REQUEST'],
    ['no user', { code: '123456' }, 'ERR_BAD_REQUEST'],
    ['an extra field', { user: 'alice@contoso.com', code: '123456', admin: true }, 'ERR_BAD_REQUEST'],
  ])('rejects %s with 400 and a code', async (_name, body, errCode) => {
    const a = await appliance();
    const r = await post(a, body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(errCode);
    expect(await a.services.store.audit.recent(1, { event: 'otp.verified' })).toEqual([]);
  });

  it('rejects a body over the limit with 413', async () => {
    const a = await appliance('', undefined, 'bodyLimitBytes: 1024');
    const r = await post(a, { user: 'x'.repeat(5000), code: '123456' });
    expect(r).toMatchObject({ status: 413, body: { code: 'ERR_BODY_TOO_LARGE' } });
  });

  it('401 without or with a wrong key, 403 from outside the client networks', async () => {
    const a = await appliance('', ['10.0.0.0/8']);
    const none = await fetch(`${a.url}/api/v1/verify`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await post({ ...a, key: `${a.key.slice(0, -2)}xx` }, { user: 'alice@contoso.com', code: '123456' })).status).toBe(401);
    expect(await post(a, { user: 'alice@contoso.com', code: code(T0) })).toMatchObject({ status: 403, body: { code: 'ERR_FORBIDDEN' } });
  });

  it('X-Forwarded-For is ignored from an untrusted peer and honoured from a listed proxy', async () => {
    const forged = await appliance('', ['10.0.0.0/8']);
    const r = await post(forged, { user: 'alice@contoso.com', code: code(T0) }, { 'x-forwarded-for': '10.1.2.3' });
    expect(r.status).toBe(403);
    const proxied = await appliance('', ['10.0.0.0/8'], 'trustedProxies: ["127.0.0.1/32"]');
    const ok = await post(proxied, { user: 'alice@contoso.com', code: code(T0) }, { 'x-forwarded-for': '192.0.2.9, 10.1.2.3' });
    expect(ok).toMatchObject({ status: 200, body: { ok: true } });
    const [rec] = await proxied.services.store.audit.recent(1, { event: 'otp.verified' });
    expect(rec?.source).toBe('10.1.2.3');
  });

  it('the default rate limit lets a burst of 200 through; a tight one answers 429 with Retry-After', async () => {
    const a = await appliance();
    const burst = await Promise.all(Array.from({ length: 200 }, () => post(a, { user: 'bob@contoso.com', code: '123456' })));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    const tight = await appliance('api: { rateLimit: { burst: 5, perSecond: 1 } }');
    const rs = await Promise.all(Array.from({ length: 8 }, () => post(tight, { user: 'bob@contoso.com', code: '123456' })));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(5);
    const limited = rs.find((r) => r.status === 429);
    expect(limited?.body.code).toBe('ERR_RATE_LIMITED');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
