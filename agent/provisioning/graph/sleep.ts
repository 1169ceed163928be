// SPDX-License-Identifier: UNLICENSED
import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms` milliseconds. Injected so that back-off and pacing are tested on a fake clock. */
export type Sleep = (ms: number) => Promise<void>;

/** The real `Sleep`, over Node's timers. */
export function createSystemSleep(): Sleep {
  return async (ms) => {
    if (ms > 0) await delay(ms);
  };
}
