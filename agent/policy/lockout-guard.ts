// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { LockoutClaim, LockoutFactor, LockoutParams, LockoutRecord, LockoutStore } from '../store/store.js';

/**
 * Per-user, per-factor failure counting with exponential delays and a hard lock (RFC 4226 §7.3).
 *
 * Rules enforced:
 * - an attempt is counted before anything is accepted (`claim`, or the store's `claimAndAccept` that the
 *   OTP verifier uses), atomically, so N parallel guesses count N;
 * - while delayed or hard-locked an attempt is refused whatever the code;
 * - waiting never lowers the count: only a verified success (`succeeded`, necessarily after the delay)
 *   or a helpdesk `reset` clears it, so the total number of guesses between successes is `maxFailures`;
 * - OTP and password failures are counted separately.
 */
export interface LockoutGuard {
  claim(userId: string, factor: LockoutFactor): Promise<LockoutClaim>;
  succeeded(userId: string, factor: LockoutFactor): Promise<void>;
  /** Helpdesk reset of one factor or both; audited as `lockout.reset`. True when anything was cleared. */
  reset(user: { id: string; upn: string }, actor: Actor, factor?: LockoutFactor): Promise<boolean>;
  status(userId: string): Promise<Array<LockoutRecord & { hardLocked: boolean }>>;
  params(factor: LockoutFactor): LockoutParams;
}

export interface LockoutGuardDeps {
  lockouts: LockoutStore;
  audit: AuditLog;
  clock: Clock;
  params: Record<LockoutFactor, LockoutParams>;
}

export function createLockoutGuard(deps: LockoutGuardDeps): LockoutGuard {
  const { lockouts, audit, clock, params } = deps;
  return {
    claim: (userId, factor) => lockouts.claim(userId, factor, clock.now(), params[factor]),
    succeeded: (userId, factor) => lockouts.clear(userId, factor),
    async reset(user, actor, factor) {
      const before = await lockouts.listForUser(user.id);
      const cleared = before.filter((r) => factor === undefined || r.factor === factor);
      for (const r of cleared) await lockouts.clear(user.id, r.factor);
      await audit.record({
        event: 'lockout.reset', actor: actor.id, source: actor.source, subject: user.upn, outcome: 'success',
        details: { userId: user.id, factors: cleared.map((r) => r.factor), failures: Object.fromEntries(cleared.map((r) => [r.factor, r.failures])) },
      });
      return cleared.length > 0;
    },
    async status(userId) {
      return (await lockouts.listForUser(userId)).map((r) => ({ ...r, hardLocked: r.failures >= params[r.factor].maxFailures }));
    },
    params: (factor) => params[factor],
  };
}
