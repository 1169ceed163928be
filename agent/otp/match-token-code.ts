// SPDX-License-Identifier: UNLICENSED
import type { TokenRecord } from '../store/store.js';
import { findMatchingCounter } from './find-matching-counter.js';
import { totpStep } from './totp-step.js';

export interface VerifyWindow {
  /** TOTP steps accepted either side of the expected step. */
  totpWindow: number;
  /** HOTP counters after the last accepted one that may match. */
  hotpLookAhead: number;
  /** Cap on the recorded TOTP drift, in steps. */
  maxDriftSteps: number;
}

export type TokenCodeMatch =
  | { kind: 'match'; counter: number; drift: number }
  /** The code is right for a step/counter already used (or older): a replay. */
  | { kind: 'replayed'; counter: number }
  | { kind: 'none' };

/**
 * Where a code falls for one token, without recording anything.
 * TOTP: the window is centred on `step(now) + drift`; a match for a step ≤ `lastCounter` is a replay;
 * the new drift is the matched step minus `step(now)`, capped at ±`maxDriftSteps`.
 * HOTP: counters `lastCounter + 1 … + hotpLookAhead` match; the last accepted counter itself is
 * checked too so its reuse is reported as a replay rather than a wrong code.
 */
export function matchTokenCode(token: TokenRecord, key: Buffer, code: string, nowMs: number, w: VerifyWindow): TokenCodeMatch {
  const base = { key, code, algorithm: token.algorithm, digits: token.digits };
  if (token.kind === 'hardware_hotp') {
    const replayable = token.lastCounter >= 0 ? 1 : 0;
    const m = findMatchingCounter({ ...base, center: token.lastCounter + 1, behind: replayable, ahead: w.hotpLookAhead - 1 });
    if (!m) return { kind: 'none' };
    if (m.counter <= token.lastCounter) return { kind: 'replayed', counter: m.counter };
    return { kind: 'match', counter: m.counter, drift: 0 };
  }
  const now = totpStep(nowMs, token.period);
  const center = Math.max(0, now + token.drift);
  const m = findMatchingCounter({ ...base, center, behind: Math.min(w.totpWindow, center), ahead: w.totpWindow });
  if (!m) return { kind: 'none' };
  if (m.counter <= token.lastCounter) return { kind: 'replayed', counter: m.counter };
  const drift = Math.max(-w.maxDriftSteps, Math.min(w.maxDriftSteps, m.counter - now));
  return { kind: 'match', counter: m.counter, drift };
}
