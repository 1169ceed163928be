// SPDX-License-Identifier: UNLICENSED

/** A token bucket: `capacity` tokens, refilled continuously at `capacity / windowMs` per millisecond. */
export interface TokenBucket {
  /** Takes `cost` tokens at time `now` (ms), or says how long until they will be there (nothing is taken). */
  take(cost: number, now: number): { ok: true } | { ok: false; retryAfterMs: number };
  /** Fraction of the capacity in use at `now` (0 = full bucket, 1 = empty). */
  usage(now: number): number;
}

/** Starts full. A cost above the capacity waits for a full bucket and is then allowed to go negative. */
/** Tolerance for the floating-point refill (a token due at exactly t counts at t). */
const EPSILON = 1e-9;

export function createTokenBucket(capacity: number, windowMs: number): TokenBucket {
  const rate = capacity / windowMs;
  let tokens = capacity;
  let at = -Infinity;
  const refill = (now: number): void => {
    if (at !== -Infinity) tokens = Math.min(capacity, tokens + Math.max(0, now - at) * rate);
    at = now;
  };
  return {
    take(cost, now) {
      refill(now);
      const needed = Math.min(cost, capacity);
      if (tokens + EPSILON >= needed) {
        tokens -= cost;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: (needed - tokens) / rate };
    },
    usage(now) {
      refill(now);
      return 1 - tokens / capacity;
    },
  };
}
