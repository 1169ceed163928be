// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createRetryPolicy } from '../../../../agent/provisioning/graph/retry-policy.js';
import { constantRandom } from './graph-fakes.js';

describe('createRetryPolicy', () => {
  test('retries while attempt < maxRetries', () => {
    const p = createRetryPolicy({ maxRetries: 3 }, createSystemRandom());
    expect([0, 1, 2, 3, 4].map((a) => p.shouldRetry(a))).toEqual([true, true, true, false, false]);
  });

  test.each([408, 429, 500, 502, 503, 504])('status %i is retryable', (s) => {
    expect(createRetryPolicy({ maxRetries: 1 }, createSystemRandom()).isRetryableStatus(s)).toBe(true);
  });

  test.each([200, 400, 401, 403, 404, 409, 424, 501])('status %i is not retryable', (s) => {
    expect(createRetryPolicy({ maxRetries: 1 }, createSystemRandom()).isRetryableStatus(s)).toBe(false);
  });

  test('full jitter spans [0, min(cap, base·2^attempt)) and the extremes of the random source map to its ends', () => {
    const opts = { maxRetries: 10, baseDelayMs: 500, maxDelayMs: 30_000 };
    const low = createRetryPolicy(opts, constantRandom(0x00));
    const high = createRetryPolicy(opts, constantRandom(0xff));
    for (let attempt = 0; attempt < 10; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      expect(low.delay(attempt, null)).toBe(0);
      expect(high.delay(attempt, null)).toBe(ceiling - 1);
    }
  });

  test('with a real random source, 2,000 draws per attempt stay in bounds and fill the range', () => {
    const p = createRetryPolicy({ maxRetries: 6, baseDelayMs: 100, maxDelayMs: 2000 }, createSystemRandom());
    for (let attempt = 0; attempt < 6; attempt++) {
      const ceiling = Math.min(2000, 100 * 2 ** attempt);
      const draws = Array.from({ length: 2000 }, () => p.delay(attempt, null));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(mean).toBeGreaterThan(ceiling * 0.4);
      expect(mean).toBeLessThan(ceiling * 0.6);
    }
  });

  test('Retry-After is honoured exactly, up to maxRetryAfterMs', () => {
    const p = createRetryPolicy({ maxRetries: 3, maxRetryAfterMs: 60_000 }, constantRandom(0x80));
    expect(p.delay(0, 0)).toBe(0);
    expect(p.delay(2, 7000)).toBe(7000);
    expect(p.delay(0, 3_600_000)).toBe(60_000);
  });
});
