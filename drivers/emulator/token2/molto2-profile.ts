// SPDX-License-Identifier: UNLICENSED
import type { Token2Algorithm, Token2DisplayTimeout } from '../../protocol/token2/token2-apdus.js';

/** One Molto2 profile slot as the emulator stores it. */
export interface Molto2Profile {
  seed: Buffer | null;
  /** Title bytes (≤ 12), null when never set. */
  title: Buffer | null;
  algorithm: Token2Algorithm;
  period: 30 | 60;
  digits: number;
  displayTimeout: Token2DisplayTimeout;
  /** Unix seconds of the last config write on this profile; 0 before. */
  configTime: number;
}

export function emptyMolto2Profile(): Molto2Profile {
  return { seed: null, title: null, algorithm: 'SHA1', period: 30, digits: 6, displayTimeout: 30, configTime: 0 };
}
