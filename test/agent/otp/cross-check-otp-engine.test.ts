// SPDX-License-Identifier: UNLICENSED
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { crossCheckOtpEngine } from '../../../agent/otp/cross-check-otp-engine.js';
import { createSystemRandom, type Random } from '../../../agent/ports/random.js';

/** A deterministic byte stream (SHA-256 in counter mode) so a failure can be replayed. */
function seededRandom(seed: string): Random {
  let block = 0;
  return {
    bytes(n) {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i += 32) createHash('sha256').update(`${seed}:${block++}`).digest().copy(out, i);
      return out;
    },
    uuid: () => '00000000-0000-4000-8000-000000000000',
  };
}

describe('crossCheckOtpEngine', () => {
  test('our engine agrees with RFC 6238 and with otplib on every algorithm × digits pair', async () => {
    expect(await crossCheckOtpEngine(seededRandom('otp-engine'), 12)).toEqual({ ok: true, checked: 18, mismatches: [] });
    expect(await crossCheckOtpEngine(createSystemRandom(), 6)).toEqual({ ok: true, checked: 12, mismatches: [] });
  });
});
