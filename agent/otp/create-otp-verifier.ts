// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import type { SourceLimiter } from '../policy/source-limiter.js';
import type { Clock } from '../ports/clock.js';
import type { AcceptCandidate, Store, TokenRecord, TokenState } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { matchTokenCode, type VerifyWindow } from './match-token-code.js';
import { SEED_PURPOSE } from './seed-purpose.js';

/** Why a verification said no. `ok` on success. The audit log records the full truth. */
export type VerifyReason = 'ok' | 'wrong_code' | 'replayed' | 'locked' | 'no_token';

/** What the code is being used for; recorded in the audit log. Every purpose moves the same replay guard. */
export type VerifyPurpose = 'sign-in' | 'api' | 'password-change' | 'enrolment';

export interface VerifyUserInput {
  /** The user, by UPN (case-insensitive). */
  upn: string;
  code: string;
  purpose: VerifyPurpose;
  actor: Actor;
  /**
   * Client address for the per-source failure limit; omit for authenticated API clients, which are
   * limited per client instead.
   */
  limitSource?: string;
}

export interface VerifyResult {
  ok: boolean;
  reason: VerifyReason;
  /** The token that matched (on success). */
  tokenId?: string;
  serial?: string;
  /** When the code was accepted (for `AuthnInstant`). */
  verifiedAt?: number;
}

export interface OtpVerifier {
  /**
   * Checks a code against the user's active tokens. Never throws for a wrong, replayed or locked attempt;
   * throws only for faults (store, vault). Each call is one `otp.verified` audit record.
   */
  verifyUser(input: VerifyUserInput): Promise<VerifyResult>;
  /**
   * Checks a code against one assigned token in `state` (a pending soft token's first code, an active
   * token's check by the helpdesk), with the same lockout (the token's user's) and replay guard. A token
   * without a user answers `no_token`: there would be no lockout to count the guesses.
   */
  verifyToken(token: TokenRecord, code: string, state: TokenState, purpose: VerifyPurpose, actor: Actor): Promise<VerifyResult>;
}

export interface OtpVerifierDeps {
  store: Store;
  vault: Vault;
  lockout: LockoutGuard;
  sourceLimiter: SourceLimiter;
  audit: AuditLog;
  clock: Clock;
  window: VerifyWindow;
  /** Told every result (for metrics). */
  onResult?: (purpose: VerifyPurpose, reason: VerifyReason) => void;
}

export function createOtpVerifier(deps: OtpVerifierDeps): OtpVerifier {
  const { store, vault, lockout, sourceLimiter, audit, clock, window } = deps;

  const record = async (input: { subject: string; actor: Actor; purpose: VerifyPurpose; result: VerifyResult; details?: Record<string, unknown> }) => {
    const { result } = input;
    deps.onResult?.(input.purpose, result.reason);
    await audit.record({
      event: 'otp.verified', actor: input.actor.id, source: input.actor.source, subject: input.subject,
      outcome: result.ok ? 'success' : result.reason === 'locked' ? 'denied' : 'failure',
      details: {
        purpose: input.purpose,
        ...(result.ok ? {} : { reason: result.reason }),
        ...(result.tokenId ? { tokenId: result.tokenId, serial: result.serial } : {}),
        ...input.details,
      },
    });
    return result;
  };

  /**
   * The code against each token (HMACs, outside any transaction): the matches that could be accepted,
   * in token order, and whether some token saw it as a replay.
   */
  const match = async (tokens: TokenRecord[], code: string, now: number, state: TokenState) => {
    const candidates: Array<AcceptCandidate & { token: TokenRecord }> = [];
    let replayed: TokenRecord | null = null;
    for (const token of tokens) {
      if (token.seedSecretId === null) continue;
      const key = await vault.open(token.seedSecretId, SEED_PURPOSE);
      try {
        const m = matchTokenCode(token, key, code, now, window);
        if (m.kind === 'match') candidates.push({ tokenId: token.id, counter: m.counter, drift: m.drift, state, token });
        else if (m.kind === 'replayed') replayed ??= token;
      } finally {
        key.fill(0);
      }
    }
    return { candidates, replayed };
  };

  /**
   * Rules: a source over its failure limit is refused first; then the attempt is counted and, only if
   * allowed, the first matching token is accepted, in one store transaction (claim-before-accept).
   */
  const attempt = async (userId: string, subject: string, purpose: VerifyPurpose, actor: Actor, source: string | undefined, tokens: TokenRecord[], code: string, state: TokenState) => {
    if (source !== undefined && sourceLimiter.isBlocked(source)) {
      return record({ subject, actor, purpose, result: { ok: false, reason: 'locked' }, details: { lockedBy: 'source' } });
    }
    const now = clock.now();
    const { candidates, replayed } = await match(tokens, code.trim(), now, state);
    const claim = await store.lockouts.claimAndAccept(userId, 'otp', now, lockout.params('otp'), candidates.map(({ token: _t, ...c }) => c));
    if (!claim.allowed) {
      if (source !== undefined) sourceLimiter.recordFailure(source);
      return record({
        subject, actor, purpose, result: { ok: false, reason: 'locked' },
        details: { lockedBy: claim.hardLocked ? 'user_hard_lock' : 'user_delay', failures: claim.failures, ...(claim.hardLocked ? {} : { retryAt: claim.nextAllowedAt }) },
      });
    }
    const won = claim.accepted === null ? undefined : candidates.find((c) => c.tokenId === claim.accepted?.tokenId)?.token;
    const lost = replayed ?? candidates[0]?.token ?? null;
    const result: VerifyResult = won
      ? { ok: true, reason: 'ok', tokenId: won.id, serial: won.serial, verifiedAt: now }
      : lost ? { ok: false, reason: 'replayed', tokenId: lost.id, serial: lost.serial } : { ok: false, reason: 'wrong_code' };
    if (!result.ok && source !== undefined) sourceLimiter.recordFailure(source);
    const hardLocked = !result.ok && claim.failures >= lockout.params('otp').maxFailures;
    return record({ subject, actor, purpose, result, details: result.ok ? {} : { failures: claim.failures, ...(hardLocked ? { nowHardLocked: true } : {}) } });
  };

  return {
    async verifyUser(input) {
      const { upn, code, purpose, actor, limitSource } = input;
      const user = await store.users.getByUpn(upn);
      if (!user || !user.enabled) {
        if (limitSource !== undefined) sourceLimiter.recordFailure(limitSource);
        return record({ subject: upn, actor, purpose, result: { ok: false, reason: 'no_token' }, details: { cause: user ? 'user_disabled' : 'user_unknown' } });
      }
      const tokens = await store.tokens.listOfUser(user.id, 'active');
      if (tokens.length === 0) {
        return record({ subject: user.upn, actor, purpose, result: { ok: false, reason: 'no_token' }, details: { cause: 'no_active_token' } });
      }
      return attempt(user.id, user.upn, purpose, actor, limitSource, tokens, code, 'active');
    },
    async verifyToken(token, code, state, purpose, actor) {
      if (token.state !== state) {
        return record({ subject: token.serial, actor, purpose, result: { ok: false, reason: 'no_token' }, details: { cause: `token_${token.state}` } });
      }
      // Every guess must count against someone: a token without a user cannot be checked here.
      if (!token.userId) {
        return record({ subject: token.serial, actor, purpose, result: { ok: false, reason: 'no_token' }, details: { cause: 'token_unassigned' } });
      }
      return attempt(token.userId, token.serial, purpose, actor, undefined, [token], code, state);
    },
  };
}
