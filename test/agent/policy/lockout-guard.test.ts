// SPDX-License-Identifier: UNLICENSED
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLockoutGuard } from '../../../agent/policy/lockout-guard.js';
import type { LockoutParams } from '../../../agent/store/store.js';
import { useTestWorld } from '../../helpers/open-test-store.js';

const world = useTestWorld();
const P: LockoutParams = { freeAttempts: 3, baseDelayMs: 5000, maxDelayMs: 900_000, maxFailures: 10 };
const actor = { id: 'staff:helpdesk@contoso.com', source: '10.1.1.1' };

async function setup() {
  const w = await world();
  const user = await w.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, actor);
  const guard = createLockoutGuard({ lockouts: w.store.lockouts, audit: w.audit, clock: w.clock, params: { otp: P, password: { ...P, maxFailures: 20 } } });
  return { w, user, guard };
}

describe('createLockoutGuard', () => {
  it('allows the free attempts, then delays 5 s, 10 s, 20 s … (RFC 4226 §7.3)', async () => {
    const { w, user, guard } = await setup();
    for (let i = 1; i <= 3; i++) expect(await guard.claim(user.id, 'otp')).toEqual({ allowed: true, failures: i });
    const refused = await guard.claim(user.id, 'otp');
    expect(refused).toEqual({ allowed: false, failures: 3, nextAllowedAt: w.clock.now() + 5000, hardLocked: false });
    w.clock.advance(4999);
    expect((await guard.claim(user.id, 'otp')).allowed).toBe(false);
    w.clock.advance(1);
    expect(await guard.claim(user.id, 'otp')).toEqual({ allowed: true, failures: 4 });
    expect((await guard.status(user.id))[0]).toMatchObject({ failures: 4, nextAllowedAt: w.clock.now() + 10_000, hardLocked: false });
  });

  it('hard-locks after maxFailures; no amount of waiting reopens it, a helpdesk reset does (audited)', async () => {
    const { w, user, guard } = await setup();
    for (let i = 0; i < 10; i++) {
      expect((await guard.claim(user.id, 'otp')).allowed).toBe(true);
      w.clock.advance(P.maxDelayMs);
    }
    w.clock.advance(365 * 24 * 3600_000);
    expect(await guard.claim(user.id, 'otp')).toMatchObject({ allowed: false, hardLocked: true, failures: 10 });
    expect(await guard.reset({ id: user.id, upn: user.upn }, actor, 'otp')).toBe(true);
    expect(await guard.claim(user.id, 'otp')).toEqual({ allowed: true, failures: 1 });
    const [rec] = await w.store.audit.recent(1, { event: 'lockout.reset' });
    expect(rec).toMatchObject({ subject: 'alice@contoso.com', actor: actor.id, details: { factors: ['otp'], failures: { otp: 10 } } });
  });

  it('counts OTP and password failures separately; a success clears only its factor', async () => {
    const { user, guard } = await setup();
    for (let i = 0; i < 3; i++) await guard.claim(user.id, 'password');
    await guard.claim(user.id, 'otp');
    await guard.succeeded(user.id, 'otp');
    const status = await guard.status(user.id);
    expect(status.map((s) => [s.factor, s.failures])).toEqual([['password', 3]]);
  });

  it('50 concurrent claims count 50 attempts and let only the free ones through', async () => {
    const { user, guard } = await setup();
    const claims = await Promise.all(Array.from({ length: 50 }, () => guard.claim(user.id, 'otp')));
    expect(claims.filter((c) => c.allowed)).toHaveLength(3);
    expect((await guard.status(user.id))[0]?.failures).toBe(3);
  });

  it('property: whatever the clock does, failed guesses between successes never exceed maxFailures', async () => {
    const { w, user, guard } = await setup();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -3_600_000, max: 30 * 24 * 3_600_000 }), { minLength: 1, maxLength: 60 }), async (jumps) => {
        await w.store.lockouts.clear(user.id, 'otp');
        let allowed = 0;
        for (const jump of jumps) {
          w.clock.advance(jump);
          if ((await guard.claim(user.id, 'otp')).allowed) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(P.maxFailures);
      }),
      { numRuns: 100 },
    );
  });

  it('property: in any one hour an attacker gets at most freeAttempts + log2(3600 s / base) + 1 guesses, however high the hard lock', async () => {
    const { w, user } = await setup();
    // A hard lock far above the hourly bound, so that only the delays can hold the bound.
    const high = { ...P, maxFailures: 100 };
    const guard = createLockoutGuard({ lockouts: w.store.lockouts, audit: w.audit, clock: w.clock, params: { otp: high, password: high } });
    const bound = P.freeAttempts + Math.ceil(Math.log2(3_600_000 / P.baseDelayMs)) + 1;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 200 }), async (gaps) => {
        await w.store.lockouts.clear(user.id, 'otp');
        const start = w.clock.now();
        let allowed = 0;
        for (const gap of gaps) {
          w.clock.advance(gap);
          if (w.clock.now() - start > 3_600_000) break;
          if ((await guard.claim(user.id, 'otp')).allowed) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 100 },
    );
  });
});
