// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../ports/clock.js';

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. In-memory, per process.
 * `take` never blocks: it says whether the request may proceed and, if not, when to retry.
 */
export interface RateLimiter {
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number };
}

export interface RateLimiterOptions {
  burst: number;
  perSecond: number;
  clock: Clock;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { burst, perSecond, clock } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const now = clock.now();
      const b = buckets.get(key) ?? { tokens: burst, at: now };
      const elapsed = Math.max(0, now - b.at);
      b.tokens = Math.min(burst, b.tokens + (elapsed * perSecond) / 1000);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 1000) / perSecond) };
    },
  };
}
