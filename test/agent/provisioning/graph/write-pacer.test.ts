// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createWritePacer } from '../../../../agent/provisioning/graph/write-pacer.js';
import { fakeTime } from './graph-fakes.js';

/** The least time the quota allows for `n` writes from an empty window: (ceil(n / limit) − 1) windows. */
const minimumMs = (n: number, limit: number, windowMs: number): number => (Math.ceil(n / limit) - 1) * windowMs;

/** Largest number of stamps inside any window of `windowMs` (exclusive at the far end). */
function maxInAnyWindow(stamps: number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < stamps.length; hi++) {
    while ((stamps[hi] ?? 0) - (stamps[lo] ?? 0) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('createWritePacer', () => {
  test.each([
    // [writes, limit, window s, writes per acquire]
    [3000, 3000, 150, 1],
    [10_000, 3000, 150, 1],
    [10_000, 300, 15, 20],
    [2_001, 100, 2, 7],
    [45, 10, 1, 1],
  ])('%i writes at %i per %i s (%i per call) take between the minimum and 1.15 × it, never over quota', async (n, limit, windowS, per) => {
    const t = fakeTime();
    const windowMs = windowS * 1000;
    const pacer = createWritePacer({ writesPerWindow: limit, windowMs, clock: t.clock, sleep: t.sleep });
    const stamps: number[] = [];
    for (let sent = 0; sent < n; sent += per) {
      const k = Math.min(per, n - sent);
      await pacer.acquire(k);
      for (let i = 0; i < k; i++) stamps.push(t.clock.now());
    }
    const elapsed = t.clock.now() - t.start;
    const min = minimumMs(n, limit, windowMs);
    expect(elapsed).toBeGreaterThanOrEqual(min);
    expect(elapsed).toBeLessThanOrEqual(Math.max(1.15 * min, 0));
    expect(maxInAnyWindow(stamps, windowMs)).toBeLessThanOrEqual(limit);
  });

  test('concurrent callers are served in call order and together stay under the quota', async () => {
    const t = fakeTime();
    const pacer = createWritePacer({ writesPerWindow: 10, windowMs: 1000, clock: t.clock, sleep: t.sleep });
    const order: number[] = [];
    const stamps: number[] = [];
    await Promise.all(Array.from({ length: 30 }, (_, i) => pacer.acquire(1).then(() => { order.push(i); stamps.push(t.clock.now()); })));
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(maxInAnyWindow(stamps, 1000)).toBe(10);
    expect(t.clock.now() - t.start).toBe(2 * 1020);
  });

  test('a reads-only acquire(0) never waits for the window, but waits out a throttle pause', async () => {
    const t = fakeTime();
    const pacer = createWritePacer({ writesPerWindow: 2, windowMs: 10_000, clock: t.clock, sleep: t.sleep });
    await pacer.acquire(2);
    await pacer.acquire(0);
    expect(t.clock.now()).toBe(t.start);
    pacer.throttled({ retryAfterMs: 7000, writeLimit: false });
    await pacer.acquire(0);
    expect(t.clock.now() - t.start).toBe(7000);
    expect(pacer.limit).toBe(2);
  });

  test('a write-quota 429 pauses everyone, lowers the limit to 80 %, and quiet windows restore it', async () => {
    const t = fakeTime();
    const waits: Array<{ reason: string; ms: number }> = [];
    const pacer = createWritePacer({ writesPerWindow: 100, windowMs: 1000, clock: t.clock, sleep: t.sleep, hooks: { onWait: (e) => waits.push(e) } });
    pacer.throttled({ retryAfterMs: 5000, writeLimit: true });
    expect(pacer.limit).toBe(80);
    await pacer.acquire(1);
    expect(t.clock.now() - t.start).toBe(5000);
    expect(waits).toEqual([{ reason: 'throttle', ms: 5000 }]);
    // 5 windows (1020 ms each) have passed since the 429: +10 per window, capped at 100.
    expect(pacer.limit).toBe(100);
  });

  test('a batch larger than the limit waits for an empty window instead of forever', async () => {
    const t = fakeTime();
    const pacer = createWritePacer({ writesPerWindow: 5, windowMs: 1000, clock: t.clock, sleep: t.sleep });
    await pacer.acquire(3);
    await pacer.acquire(20);
    expect(t.clock.now() - t.start).toBe(1020);
  });
});
