// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import { matchTokenCode, type VerifyWindow } from '../otp/match-token-code.js';
import type { Clock } from '../ports/clock.js';
import type { Store, TokenRecord } from '../store/store.js';

export interface CheckEnteredCodeDeps {
  store: Store;
  audit: AuditLog;
  clock: Clock;
  verifier: OtpVerifier;
  window: VerifyWindow;
}

export interface EnteredCode {
  /** The row in `needs_reprogramming`, with the parameters just burnt. */
  token: TokenRecord;
  /** The seed just burnt (for a stock token) and where it is sealed as the pending seed. */
  seed: Buffer;
  pendingSeedSecretId: string;
  /** The user the token is being programmed for; null for stock. */
  userId: string | null;
  code: string;
  actor: Actor;
}

export type EnteredCodeVerdict = 'ok' | 'wrong_code' | 'replayed' | 'locked' | 'malformed';

/**
 * Step 5 for display tokens: the code a person read off the token, checked against the pending seed within the
 * verifier's window, through the replay guard (the matched step becomes the row's last used step, so the code
 * cannot sign in later). For a user's token this is the verifier's own `verifyToken` (purpose `enrolment`, the
 * user's OTP lockout counts the attempt); a stock token has no user to count against, so its code is matched here
 * and audited as `otp.verified` the same way, and the job bounds the attempts.
 */
export async function checkEnteredCode(deps: CheckEnteredCodeDeps, input: EnteredCode): Promise<EnteredCodeVerdict> {
  const { token } = input;
  const code = input.code.trim();
  if (!/^\d+$/.test(code) || code.length !== token.digits) return 'malformed';
  if (input.userId !== null) {
    const r = await deps.verifier.verifyToken({ ...token, seedSecretId: input.pendingSeedSecretId, userId: input.userId }, code, 'needs_reprogramming', 'enrolment', input.actor);
    if (r.ok) return 'ok';
    return r.reason === 'replayed' || r.reason === 'locked' ? r.reason : 'wrong_code';
  }
  const now = deps.clock.now();
  const m = matchTokenCode(token, input.seed, code, now, deps.window);
  const verdict: EnteredCodeVerdict = m.kind === 'none'
    ? 'wrong_code'
    : m.kind === 'replayed' || !(await deps.store.tokens.advanceCounter(token.id, m.counter, m.drift, now, 'needs_reprogramming')) ? 'replayed' : 'ok';
  await deps.audit.record({
    event: 'otp.verified', actor: input.actor.id, source: input.actor.source, subject: token.serial,
    outcome: verdict === 'ok' ? 'success' : 'failure',
    details: { purpose: 'enrolment', tokenId: token.id, serial: token.serial, ...(verdict === 'ok' ? {} : { reason: verdict }) },
  });
  return verdict;
}
