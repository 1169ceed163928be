// SPDX-License-Identifier: UNLICENSED
import { isIP } from 'node:net';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import type { PasswordChecker } from '../policy/check-password.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import type { SourceLimiter } from '../policy/source-limiter.js';
import type { Clock } from '../ports/clock.js';
import type { Store, TokenRecord } from '../store/store.js';

/** What a person types on the self-service page to take a stock token. */
export interface StockTokenClaim {
  upn: string;
  password: string;
  /** The serial printed on the token (case-insensitive). */
  serial: string;
  /** The code the token shows now (spaces ignored). */
  code: string;
}

/**
 * The outcome the page shows. `rejected` is one uniform answer whatever the truth (wrong password; unknown serial;
 * a token that is not in stock or is someone else's; a wrong or replayed code; the token taken meanwhile);
 * `locked` when the user's password or OTP lockout, or the source address limit, refused the attempt.
 */
export type StockTokenActivation =
  | { ok: true; serial: string; upn: string; tokenId: string }
  | { ok: false; reason: 'rejected' | 'locked' | 'has_token' };

/** The page's sentence for each failure. */
export const STOCK_TOKEN_FAILURES: Readonly<Record<Extract<StockTokenActivation, { ok: false }>['reason'], string>> = {
  rejected: 'The details don\'t match a token you can activate, or the password or code is wrong.',
  locked: 'Too many failed attempts. Wait a few minutes and try again, or ask your helpdesk to unlock your account.',
  has_token: 'You already have a token. To add another one, ask your helpdesk.',
};

export interface ActivateStockTokenDeps {
  store: Pick<Store, 'tokens'>;
  passwords: PasswordChecker;
  otp: Pick<OtpVerifier, 'verifyToken'>;
  lockout: Pick<LockoutGuard, 'claim'>;
  sourceLimiter: Pick<SourceLimiter, 'recordFailure'>;
  audit: AuditLog;
  clock: Clock;
}

const MAX_UPN = 256;
const MAX_PASSWORD = 1024;
const MAX_SERIAL = 64;
const MAX_CODE = 16;

/** Why a token cannot be taken, for the audit log only; null when it is a programmed stock token with a seed. */
function stockProblem(token: TokenRecord | null): string | null {
  if (token === null) return 'unknown_serial';
  if (token.state !== 'programmed') return `token_${token.state}`;
  if (token.userId !== null) return 'token_assigned';
  return token.seedSecretId === null ? 'no_seed' : null;
}

/**
 * Self-service activation of a token the helpdesk programmed into stock (`programmed`, no user). Rules, in order:
 * 1. the password, through the password checker (password lockout and source limit; `user.password_verified`);
 *    a user who already holds an active token is refused (`has_token`): a password alone must never add a
 *    second factor to an account that has one, or a stolen password plus any stock token would defeat it;
 * 2. the serial must name a `programmed`, unassigned token with a seed; otherwise one OTP attempt is still counted
 *    against the user (so serials cannot be probed for free) and the answer is the uniform `rejected`;
 * 3. the code against that one token through the verifier's replay guard, the attempt counted against the
 *    activating user's OTP lockout (`otp.verified`, purpose `enrolment`);
 * 4. only then, in one guarded update (still `programmed`, still without user), the token becomes the user's and
 *    `active`: of two people racing for one token exactly one wins.
 * Success audits `token.assigned` and `token.activated`; every failure audits `token.assigned` (`failure`, or
 * `denied` when locked) with the true `reason`. Actor `user:<upn>`. Throws only for faults (store, vault).
 */
export async function activateStockToken(deps: ActivateStockTokenDeps, claim: StockTokenClaim, clientIp: string): Promise<StockTokenActivation> {
  const { store, passwords, otp, lockout, sourceLimiter, audit, clock } = deps;
  const upn = claim.upn.trim();
  const serial = claim.serial.trim();
  const code = claim.code.replace(/\s+/g, '');
  if (!upn || upn.length > MAX_UPN || !claim.password || claim.password.length > MAX_PASSWORD || !serial || serial.length > MAX_SERIAL || !code || code.length > MAX_CODE) {
    return { ok: false, reason: 'rejected' };
  }
  const source = isIP(clientIp) === 0 ? 'system' : clientIp;
  const actor: Actor = { id: `user:${upn}`, source };

  const fail = async (reason: string, locked: boolean, details: Record<string, unknown> = {}): Promise<StockTokenActivation> => {
    await audit.record({
      event: 'token.assigned', actor: actor.id, source, subject: serial, outcome: locked ? 'denied' : 'failure',
      details: { upn, reason, via: 'self-service', ...details },
    });
    return { ok: false, reason: locked ? 'locked' : 'rejected' };
  };

  const checked = await passwords.check(upn, claim.password, actor, clientIp);
  if (!checked.ok) return fail(checked.reason, checked.reason === 'locked');
  const user = checked.user;
  if ((await store.tokens.listOfUser(user.id, 'active')).length > 0) {
    await audit.record({
      event: 'token.assigned', actor: actor.id, source, subject: serial, outcome: 'denied',
      details: { upn, userId: user.id, reason: 'has_token', via: 'self-service' },
    });
    return { ok: false, reason: 'has_token' };
  }

  const token = await store.tokens.getBySerial(serial);
  const problem = stockProblem(token);
  if (token === null || problem !== null) {
    const counted = await lockout.claim(user.id, 'otp');
    sourceLimiter.recordFailure(clientIp);
    return fail(counted.allowed ? (problem ?? 'unknown_serial') : 'locked', !counted.allowed, { userId: user.id, ...(counted.allowed ? {} : { cause: problem }) });
  }

  // The code is checked as the activating user's: `verifyToken` counts the attempt against the lockout of the
  // record's `userId` and moves the replay guard of the token, which stays `programmed` and unassigned until step 4.
  const verified = await otp.verifyToken({ ...token, userId: user.id }, code, 'programmed', 'enrolment', actor);
  if (!verified.ok) {
    if (verified.reason !== 'locked') sourceLimiter.recordFailure(clientIp);
    return fail(verified.reason, verified.reason === 'locked', { userId: user.id, tokenId: token.id });
  }

  const now = clock.now();
  if (!(await store.tokens.update(token.id, { userId: user.id, state: 'active', updatedAt: now }, ['programmed'], null))) {
    return fail('taken_meanwhile', false, { userId: user.id, tokenId: token.id });
  }
  await audit.record({
    event: 'token.assigned', actor: actor.id, source, subject: token.serial, outcome: 'success',
    details: { tokenId: token.id, userId: user.id, upn: user.upn, state: 'active', via: 'self-service' },
  });
  await audit.record({
    event: 'token.activated', actor: actor.id, source, subject: token.serial, outcome: 'success',
    details: { tokenId: token.id, userId: user.id },
  });
  return { ok: true, serial: token.serial, upn: user.upn, tokenId: token.id };
}
