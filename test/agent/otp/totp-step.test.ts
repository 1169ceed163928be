// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { totpStep } from '../../../agent/otp/totp-step.js';
import type { OtpPeriod } from '../../../agent/otp/otp-params.js';

describe('totpStep', () => {
  test.each([
    [0, 30, 0],
    [29_999, 30, 0],
    [30_000, 30, 1],
    [59_000, 30, 1],
    [1_111_111_109_000, 30, 37_037_036],
    [1_111_111_111_000, 30, 37_037_037],
    [2_000_000_000_000, 30, 66_666_666],
    [20_000_000_000_000, 30, 666_666_666],
    [59_999, 60, 0],
    [60_000, 60, 1],
    [20_000_000_000_000, 60, 333_333_333],
  ])('%i ms at %i s → step %i', (ms, period, step) => {
    expect(totpStep(ms, period as OtpPeriod)).toBe(step);
  });

  test('changes exactly at each step boundary, ±1 s and ±1 ms around it', () => {
    for (const period of [30, 60] as const) {
      const boundary = 1_700_000_010 * 1000 - ((1_700_000_010 * 1000) % (period * 1000));
      expect(totpStep(boundary - 1000, period)).toBe(boundary / (period * 1000) - 1);
      expect(totpStep(boundary - 1, period)).toBe(boundary / (period * 1000) - 1);
      expect(totpStep(boundary, period)).toBe(boundary / (period * 1000));
      expect(totpStep(boundary + 1000, period)).toBe(boundary / (period * 1000));
    }
  });

  test('is exact after 2038 (times beyond 2^31 s) up to 2^53 ms', () => {
    expect(totpStep(2 ** 31 * 1000, 30)).toBe(Math.floor(2 ** 31 / 30));
    expect(totpStep(Number.MAX_SAFE_INTEGER, 30)).toBe(Math.floor(Number.MAX_SAFE_INTEGER / 30_000));
  });

  test.each([
    ['negative time', -1, 30],
    ['NaN', Number.NaN, 30],
    ['infinity', Number.POSITIVE_INFINITY, 30],
    ['a 45 s period', 0, 45],
  ])('refuses %s with ERR_INVALID_INPUT', (_what, ms, period) => {
    expect(() => totpStep(ms, period as OtpPeriod)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });
});
