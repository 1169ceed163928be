// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../agent/ports/clock.js';

/** A clock tests move by hand. */
export interface FixedClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function fixedClock(start = Date.UTC(2026, 11, 1, 12, 0, 0)): FixedClock {
  let t = start;
  return { now: () => t, set: (ms) => { t = ms; }, advance: (ms) => { t += ms; } };
}
