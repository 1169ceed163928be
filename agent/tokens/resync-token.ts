// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { findMatchingCounter } from '../otp/find-matching-counter.js';
import { SEED_PURPOSE } from '../otp/seed-purpose.js';
import { totpStep } from '../otp/totp-step.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import type { Clock } from '../ports/clock.js';
import type { Store, TokenRecord } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

export interface ResyncWindow {
  totpWindowSeconds: number;
  hotpWindow: number;
  /** `otp.maxDriftSteps`: a larger TOTP drift is refused (the verifier would not follow it). */
  maxDriftSteps: number;
}

export interface ResyncDeps {
  store: Store;
  vault: Vault;
  lockout: LockoutGuard;
  audit: AuditLog;
  clock: Clock;
  window: ResyncWindow;
}

export type ResyncResult = { ok: true; counter: number; drift: number } | { ok: false; reason: 'wrong_code' | 'replayed' | 'locked' | 'drift_too_large' | 'no_user' };

/**
 * Resynchronises a drifted token from two consecutive codes (RFC 4226 §7.4, RFC 6238 §6): finds a step
 * (or counter) `c` in the wide window whose code is `code1` and whose successor's is `code2`, both after
 * the last accepted one, then records `c + 1` as used and the drift (refused beyond `maxDriftSteps`,
 * which the verifier would not follow). A helpdesk or self-service action,
 * never a sign-in side effect; it counts against the user's OTP lockout like any other guess, and both
 * codes are spent.
 */
export async function resyncToken(deps: ResyncDeps, token: TokenRecord, code1: string, code2: string, actor: Actor): Promise<ResyncResult> {
  const { store, vault, lockout, audit, clock, window } = deps;
  const done = async (result: ResyncResult) => {
    await audit.record({
      event: 'token.resynced', actor: actor.id, source: actor.source, subject: token.serial,
      outcome: result.ok ? 'success' : result.reason === 'locked' ? 'denied' : 'failure',
      details: { tokenId: token.id, ...(result.ok ? { drift: result.drift, counter: result.counter } : { reason: result.reason }) },
    });
    return result;
  };
  // Guesses must count against someone: a token without a user is not resynchronised.
  const userId = token.userId;
  if (!userId) return done({ ok: false, reason: 'no_user' });
  const now = clock.now();
  const nowStep = token.kind === 'hardware_hotp' ? 0 : totpStep(now, token.period);
  const [from, to] = token.kind === 'hardware_hotp'
    ? [token.lastCounter + 1, token.lastCounter + window.hotpWindow]
    : [Math.max(0, nowStep - Math.ceil(window.totpWindowSeconds / token.period)), nowStep + Math.ceil(window.totpWindowSeconds / token.period)];
  let found: number | null = null;
  let replayed = false;
  if (token.seedSecretId !== null) {
    const key = await vault.open(token.seedSecretId, SEED_PURPOSE);
    try {
      const base = { key, algorithm: token.algorithm, digits: token.digits, behind: 0, ahead: 0 };
      for (let c = from; c <= to && found === null; c++) {
        if (!findMatchingCounter({ ...base, code: code1.trim(), center: c })) continue;
        if (!findMatchingCounter({ ...base, code: code2.trim(), center: c + 1 })) continue;
        if (c <= token.lastCounter) replayed = true;
        else found = c;
      }
    } finally {
      key.fill(0);
    }
  }
  const drift = found === null || token.kind === 'hardware_hotp' ? 0 : found + 1 - nowStep;
  const tooFar = Math.abs(drift) > window.maxDriftSteps;
  const candidates = found === null || tooFar ? [] : [{ tokenId: token.id, counter: found + 1, drift, state: token.state }];
  // Counted like any guess, and accepted only if the attempt is allowed, in one store transaction.
  const claim = await store.lockouts.claimAndAccept(userId, 'otp', now, lockout.params('otp'), candidates);
  if (!claim.allowed) return done({ ok: false, reason: 'locked' });
  if (claim.accepted) return done({ ok: true, counter: claim.accepted.counter, drift });
  return done({ ok: false, reason: tooFar ? 'drift_too_large' : found !== null || replayed ? 'replayed' : 'wrong_code' });
}
