// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../../../agent/ports/random.js';
import type { Sleep } from '../../../../agent/provisioning/graph/sleep.js';
import { fixedClock, type FixedClock } from '../../../helpers/fixed-clock.js';

/** A fake clock whose `sleep` advances it (no real waiting), recording every sleep. */
export function fakeTime(start?: number): { clock: FixedClock; sleep: Sleep; sleeps: number[]; start: number } {
  const clock = fixedClock(start);
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  return { clock, sleep, sleeps, start: clock.now() };
}

/** A Random whose `bytes` return `fill` repeated (0x00 → fraction 0, 0xff → fraction just below 1). */
export function constantRandom(fill: number): Random {
  return { bytes: (n) => Buffer.alloc(n, fill), uuid: () => '00000000-0000-4000-8000-000000000000' };
}
