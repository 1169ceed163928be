// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../ports/clock.js';

/**
 * Failures per client address in a sliding window (any user, any factor): an address that reaches
 * `maxFailures` within `windowMs` is refused until its oldest counted failure leaves the window.
 * In-memory and per process; at most `maxTracked` addresses are kept (the least recently failing are
 * forgotten first). The per-user lockout, which is persistent, is the guard that cannot be waited out.
 */
export interface SourceLimiter {
  isBlocked(address: string): boolean;
  recordFailure(address: string): void;
}

export interface SourceLimiterOptions {
  maxFailures: number;
  windowMs: number;
  clock: Clock;
  /** @default 100000 */
  maxTracked?: number;
}

export function createSourceLimiter(options: SourceLimiterOptions): SourceLimiter {
  const { maxFailures, windowMs, clock } = options;
  const maxTracked = options.maxTracked ?? 100_000;
  const failures = new Map<string, number[]>();
  const recent = (address: string, now: number): number[] => {
    const list = (failures.get(address) ?? []).filter((t) => t > now - windowMs && t <= now);
    if (list.length === 0) failures.delete(address);
    return list;
  };
  return {
    isBlocked(address) {
      return recent(address, clock.now()).length >= maxFailures;
    },
    recordFailure(address) {
      const now = clock.now();
      const list = recent(address, now);
      list.push(now);
      failures.delete(address);
      failures.set(address, list.slice(-maxFailures));
      if (failures.size > maxTracked) {
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
    },
  };
}
