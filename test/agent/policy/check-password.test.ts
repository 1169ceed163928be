// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { useTestServices } from '../../helpers/open-test-services.js';

const open = useTestServices();
const admin = { id: 'cli:test', source: 'cli' };
const web = { id: 'user:alice@contoso.com', source: '192.0.2.7' };

async function setup(yaml = '') {
  const t = await open(`directory: { password: { scrypt: { cost: 16384 } } }\n${yaml}`);
  await t.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice', password: 'correct horse battery' }, admin);
  return t;
}

describe('createPasswordChecker', () => {
  it('a wrong password and a locked user get the same answer; the audit log tells them apart', async () => {
    const t = await setup('policy: { lockout: { password: { freeAttempts: 2, maxFailures: 3 } } }');
    const check = (pw: string) => t.services.passwords.check('alice@contoso.com', pw, web, web.source);
    expect(await check('nope')).toEqual({ ok: false, reason: 'wrong_password' });
    expect(await check('nope')).toEqual({ ok: false, reason: 'wrong_password' });
    expect(await check('correct horse battery')).toEqual({ ok: false, reason: 'locked' });
    t.clock.advance(5000);
    expect((await check('correct horse battery')).ok).toBe(true);
    const reasons = (await t.services.store.audit.recent(4, { event: 'user.password_verified' })).map((r) => [r.outcome, r.details.reason ?? null]);
    expect(reasons).toEqual([['success', null], ['failure', 'user_delay'], ['failure', 'wrong_password'], ['failure', 'wrong_password']]);
  });

  it('password failures do not lock the OTP factor, and the other way round', async () => {
    const t = await setup('policy: { lockout: { password: { freeAttempts: 1, maxFailures: 2 } } }');
    await t.services.passwords.check('alice@contoso.com', 'x', web, web.source);
    await t.services.passwords.check('alice@contoso.com', 'y', web, web.source);
    const status = await t.services.lockout.status((await t.services.directory.users.get('alice@contoso.com')).id);
    expect(status.map((s) => [s.factor, s.failures])).toEqual([['password', 1]]);
    expect(await t.services.lockout.claim((await t.services.directory.users.get('alice@contoso.com')).id, 'otp')).toEqual({ allowed: true, failures: 1 });
  });

  it('unknown users count against the source address until it is refused', async () => {
    const t = await setup('policy: { lockout: { perSource: { maxFailures: 3, windowSeconds: 60 } } }');
    for (let i = 0; i < 3; i++) expect(await t.services.passwords.check(`ghost${i}@contoso.com`, 'x', web, web.source)).toEqual({ ok: false, reason: 'wrong_password' });
    expect(await t.services.passwords.check('alice@contoso.com', 'correct horse battery', web, web.source)).toEqual({ ok: false, reason: 'locked' });
    expect((await t.services.passwords.check('alice@contoso.com', 'correct horse battery', web, '192.0.2.8')).ok).toBe(true);
    t.clock.advance(61_000);
    expect((await t.services.passwords.check('alice@contoso.com', 'correct horse battery', web, web.source)).ok).toBe(true);
  });
});
