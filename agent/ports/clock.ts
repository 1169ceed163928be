// SPDX-License-Identifier: UNLICENSED
/** Wall-clock time, injected so that time-dependent logic is tested without fake timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}
