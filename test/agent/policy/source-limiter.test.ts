// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../agent/policy/rate-limiter.js';
import { createSourceLimiter } from '../../../agent/policy/source-limiter.js';
import { fixedClock } from '../../helpers/fixed-clock.js';

describe('createSourceLimiter', () => {
  it('blocks an address after maxFailures in the window and frees it as failures age out', () => {
    const clock = fixedClock(0);
    const l = createSourceLimiter({ maxFailures: 3, windowMs: 60_000, clock });
    for (let i = 0; i < 3; i++) {
      expect(l.isBlocked('10.0.0.1')).toBe(false);
      l.recordFailure('10.0.0.1');
      clock.advance(1000);
    }
    expect(l.isBlocked('10.0.0.1')).toBe(true);
    expect(l.isBlocked('10.0.0.2')).toBe(false);
    clock.set(60_001);
    expect(l.isBlocked('10.0.0.1')).toBe(false);
  });

  it('forgets the least recently failing addresses beyond maxTracked', () => {
    const clock = fixedClock(0);
    const l = createSourceLimiter({ maxFailures: 1, windowMs: 60_000, clock, maxTracked: 2 });
    l.recordFailure('a');
    l.recordFailure('b');
    l.recordFailure('c');
    expect([l.isBlocked('a'), l.isBlocked('b'), l.isBlocked('c')]).toEqual([false, true, true]);
  });
});

describe('createRateLimiter', () => {
  it('lets a burst through, then refills at the sustained rate and says when to retry', () => {
    const clock = fixedClock(0);
    const r = createRateLimiter({ burst: 100, perSecond: 10, clock });
    for (let i = 0; i < 100; i++) expect(r.take('client-1').ok).toBe(true);
    expect(r.take('client-1')).toEqual({ ok: false, retryAfterMs: 100 });
    expect(r.take('client-2').ok).toBe(true);
    clock.advance(100);
    expect(r.take('client-1').ok).toBe(true);
    expect(r.take('client-1').ok).toBe(false);
  });
});
