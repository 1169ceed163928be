// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../ports/random.js';

/** A uniform number in [0, 1) from 48 random bits of `random`. */
export function randomFraction(random: Random): number {
  return random.bytes(6).readUIntBE(0, 6) / 2 ** 48;
}
