// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { UserDirectory, UserView } from '../directory/user-directory.js';
import type { LockoutGuard } from './lockout-guard.js';
import type { SourceLimiter } from './source-limiter.js';

/** What a sign-in page or RADIUS tells the caller: a locked user sees the same failure as a wrong password. */
export type PasswordOutcome = { ok: true; user: UserView } | { ok: false; reason: 'wrong_password' | 'locked' };

export interface PasswordChecker {
  /**
   * Checks a password under the per-user password lockout and the per-source limit, and audits
   * `user.password_verified` with the true reason. Unknown, disabled and password-less users cost a hash
   * like a wrong password (no user enumeration by timing) and count against the source address.
   */
  check(upn: string, password: string, actor: Actor, source: string): Promise<PasswordOutcome>;
}

export interface PasswordCheckerDeps {
  users: UserDirectory;
  lockout: LockoutGuard;
  sourceLimiter: SourceLimiter;
  audit: AuditLog;
}

export function createPasswordChecker(deps: PasswordCheckerDeps): PasswordChecker {
  const { users, lockout, sourceLimiter, audit } = deps;
  const record = async (upn: string, actor: Actor, outcome: 'success' | 'failure', details: Record<string, unknown>) => {
    await audit.record({ event: 'user.password_verified', actor: actor.id, source: actor.source, subject: upn, outcome, details });
  };
  return {
    async check(upn, password, actor, source) {
      if (sourceLimiter.isBlocked(source)) {
        await record(upn, actor, 'failure', { reason: 'source_locked' });
        return { ok: false, reason: 'locked' };
      }
      const known = await users.find(upn);
      if (known) {
        const claim = await lockout.claim(known.id, 'password');
        if (!claim.allowed) {
          sourceLimiter.recordFailure(source);
          await record(upn, actor, 'failure', { userId: known.id, reason: claim.hardLocked ? 'user_hard_lock' : 'user_delay', failures: claim.failures });
          return { ok: false, reason: 'locked' };
        }
      }
      const r = await users.verifyPassword(upn, password);
      if (r.ok) {
        await lockout.succeeded(r.user.id, 'password');
        await record(upn, actor, 'success', { userId: r.user.id });
        return { ok: true, user: r.user };
      }
      sourceLimiter.recordFailure(source);
      await record(upn, actor, 'failure', { ...(r.user ? { userId: r.user.id } : {}), reason: r.reason });
      return { ok: false, reason: 'wrong_password' };
    },
  };
}
