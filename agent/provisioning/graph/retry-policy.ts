// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../ports/random.js';
import { randomFraction } from './random-fraction.js';

/** Statuses retried: 408, 429 and the transient 5xx (Graph throttling guidance; RFC 9110 §15.6). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export interface RetryPolicyOptions {
  /** Retries after the first attempt (config `graph.maxRetries`). */
  maxRetries: number;
  /** First back-off ceiling; doubles per attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest back-off ceiling. Default 30 s. */
  maxDelayMs?: number;
  /** Largest `Retry-After` honoured; longer ones are cut to this. Default 300 s. */
  maxRetryAfterMs?: number;
}

/**
 * When to retry and how long to wait. Contracts:
 * - `shouldRetry(attempt)` is true while `attempt` (0 = the first try) is below `maxRetries`;
 * - `delay(attempt, retryAfterMs)` honours a server `Retry-After` exactly (capped at `maxRetryAfterMs`),
 *   and otherwise draws "full jitter": uniform in [0, min(maxDelayMs, baseDelayMs·2^attempt)).
 */
export interface RetryPolicy {
  readonly maxRetries: number;
  isRetryableStatus(status: number): boolean;
  shouldRetry(attempt: number): boolean;
  delay(attempt: number, retryAfterMs: number | null): number;
}

export function createRetryPolicy(options: RetryPolicyOptions, random: Random): RetryPolicy {
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 300_000;
  return {
    maxRetries: options.maxRetries,
    isRetryableStatus: (status) => RETRYABLE_STATUSES.has(status),
    shouldRetry: (attempt) => attempt < options.maxRetries,
    delay(attempt, retryAfterMs) {
      if (retryAfterMs !== null) return Math.min(retryAfterMs, maxRetryAfter);
      const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
      return Math.floor(randomFraction(random) * ceiling);
    },
  };
}
