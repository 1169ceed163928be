// SPDX-License-Identifier: UNLICENSED
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, test } from 'vitest';
import { findMatchingCounter, type CounterSearch } from '../../../agent/otp/find-matching-counter.js';
import { hotp } from '../../../agent/otp/hotp.js';
import type { OtpAlgorithm, OtpDigits } from '../../../agent/otp/otp-params.js';
import { totpStep } from '../../../agent/otp/totp-step.js';
import { RFC4226_CODES, RFC4226_KEY, RFC6238_SEEDS } from './rfc-vectors.js';

const hotpSearch = (code: string, center: number, behind: number, ahead: number): CounterSearch =>
  ({ key: RFC4226_KEY, code, algorithm: 'SHA1', digits: 6, center, behind, ahead });

/** The smallest-gap pair of counters in [0, limit) whose 6-digit SHA-1 codes collide under the RFC 4226 key. */
function closestCollision(limit: number): { low: number; high: number } {
  const seen = new Map<string, number>();
  let best = { low: 0, high: Number.POSITIVE_INFINITY };
  for (let counter = 0; counter < limit; counter++) {
    const code = hotp(RFC4226_KEY, counter, 6, 'SHA1');
    const prev = seen.get(code);
    if (prev !== undefined && counter - prev < best.high - best.low) best = { low: prev, high: counter };
    seen.set(code, counter);
  }
  return best;
}

describe('findMatchingCounter', () => {
  test.each([
    ['at the center', 5, 0, 0, { counter: 5, offset: 0 }],
    ['one ahead', 4, 0, 1, { counter: 5, offset: 1 }],
    ['one behind', 6, 1, 0, { counter: 5, offset: -1 }],
    ['at the far edge ahead', 3, 0, 2, { counter: 5, offset: 2 }],
    ['at the far edge behind', 9, 4, 0, { counter: 5, offset: -4 }],
    ['just outside ahead', 3, 5, 1, null],
    ['just outside behind', 7, 1, 5, null],
  ])('RFC 4226 counter 5 (254676) %s', (_where, center, behind, ahead, expected) => {
    expect(findMatchingCounter(hotpSearch('254676', center, behind, ahead))).toEqual(expected);
  });

  /** RFC 6238 SHA-1 T = 59 → 94287082 belongs to step 1 = [30 s, 60 s). Verifier at time t, window ±1. */
  test.each([
    [29, { counter: 1, offset: 1 }],
    [30, { counter: 1, offset: 0 }],
    [31, { counter: 1, offset: 0 }],
    [59, { counter: 1, offset: 0 }],
    [60, { counter: 1, offset: -1 }],
    [61, { counter: 1, offset: -1 }],
    [89, { counter: 1, offset: -1 }],
    [90, null],
    [91, null],
  ])('TOTP window edges: the step-1 code checked at t = %i s with ±1 → %o', (seconds, expected) => {
    const center = totpStep(seconds * 1000, 30);
    const search = { key: RFC6238_SEEDS.SHA1, code: '94287082', algorithm: 'SHA1', digits: 8, center, behind: 1, ahead: 1 } as const;
    expect(findMatchingCounter(search)).toEqual(expected);
  });

  test('8 digits with a leading zero and after 2038 (RFC 6238 Appendix B)', () => {
    const early = { key: RFC6238_SEEDS.SHA1, code: '07081804', algorithm: 'SHA1', digits: 8, center: 37037037, behind: 1, ahead: 1 } as const;
    expect(findMatchingCounter(early)).toEqual({ counter: 37037036, offset: -1 });
    const late = { key: RFC6238_SEEDS.SHA512, code: '47863826', algorithm: 'SHA512', digits: 8, center: 666666666, behind: 15, ahead: 15 } as const;
    expect(findMatchingCounter(late)).toEqual({ counter: 666666666, offset: 0 });
    expect(findMatchingCounter({ ...late, code: '7863826' })).toBeNull();
  });

  test('a 6-digit code with a leading zero matches only with its zero', () => {
    const counter = RFC4226_CODES.length + [...Array(2000).keys()].findIndex((i) => hotp(RFC4226_KEY, RFC4226_CODES.length + i, 6, 'SHA1').startsWith('0'));
    const code = hotp(RFC4226_KEY, counter, 6, 'SHA1');
    expect(code).toMatch(/^0\d{5}$/);
    expect(findMatchingCounter(hotpSearch(code, counter, 1, 1))).toEqual({ counter, offset: 0 });
    expect(findMatchingCounter(hotpSearch(code.slice(1), counter, 1, 1))).toBeNull();
  });

  test('tries the nearest counter first, and behind before ahead at equal distance', () => {
    const { low, high } = closestCollision(4000);
    const code = hotp(RFC4226_KEY, low, 6, 'SHA1');
    const gap = high - low;
    expect(hotp(RFC4226_KEY, high, 6, 'SHA1')).toBe(code);
    expect(findMatchingCounter(hotpSearch(code, low + 1, gap, gap))).toEqual({ counter: low, offset: -1 });
    expect(findMatchingCounter(hotpSearch(code, high - 1, gap, gap))).toEqual({ counter: high, offset: 1 });
    if (gap % 2 === 0) {
      expect(findMatchingCounter(hotpSearch(code, low + gap / 2, gap, gap))).toEqual({ counter: low, offset: -gap / 2 });
    } else {
      expect(findMatchingCounter(hotpSearch(code, low + (gap + 1) / 2, gap, gap))).toEqual({ counter: high, offset: (gap - 1) / 2 });
    }
  });

  test('does not try counters below 0 or above 2^53 − 1', () => {
    expect(findMatchingCounter(hotpSearch('755224', 0, 5, 0))).toEqual({ counter: 0, offset: 0 });
    expect(findMatchingCounter(hotpSearch('969429', 0, 5, 5))).toEqual({ counter: 3, offset: 3 });
    const top = Number.MAX_SAFE_INTEGER;
    expect(findMatchingCounter(hotpSearch(hotp(RFC4226_KEY, top - 1, 6, 'SHA1'), top, 2, 2))).toEqual({ counter: top - 1, offset: -1 });
  });

  test('a wrong code returns null across a ±15 window', () => {
    const wrong = ['000000', '111111', '999999'].find((c) => ![...Array(31).keys()].some((i) => hotp(RFC4226_KEY, 100 + i, 6, 'SHA1') === c));
    expect(wrong).toBeDefined();
    expect(findMatchingCounter(hotpSearch(wrong ?? '', 115, 15, 15))).toBeNull();
  });

  test.each([
    ['empty', ''],
    ['too short', '55224'],
    ['too long', '7552240'],
    ['a trailing space', '755224 '],
    ['a leading space', ' 55224'],
    ['a letter', '75522a'],
    ['a sign', '+55224'],
    ['a decimal point', '7552.4'],
    ['Arabic-Indic digits', '٧٥٥٢٢٤'],
    ['full-width digits', '７５５２２４'],
  ])('returns null for a code with %s', (_what, code) => {
    expect(findMatchingCounter(hotpSearch(code, 0, 1, 1))).toBeNull();
  });

  test.each([
    ['an unknown algorithm', { algorithm: 'MD5' }],
    ['7 digits', { digits: 7, code: '1234567' }],
    ['a negative center', { center: -1 }],
    ['a fractional center', { center: 1.5 }],
    ['a negative behind', { behind: -1 }],
    ['a NaN ahead', { ahead: Number.NaN }],
  ])('throws ERR_INVALID_INPUT for %s', (_what, patch) => {
    const search = { ...hotpSearch('755224', 5, 1, 1), ...patch } as CounterSearch;
    expect(() => findMatchingCounter(search)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });

  test('finds codes made by the otpauth package anywhere in random windows, never farther than where they were made', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512'),
        fc.constantFrom<OtpDigits>(6, 8),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, algorithm, digits, center, behind, ahead, where) => {
          const offset = Math.max(-center, Math.round(-behind + where * (behind + ahead)));
          const secret = OTPAuth.Secret.fromHex(Buffer.from(seed).toString('hex'));
          const code = new OTPAuth.HOTP({ secret, algorithm, digits }).generate({ counter: center + offset });
          const match = findMatchingCounter({ key: Buffer.from(seed), code, algorithm, digits, center, behind, ahead });
          expect(match).not.toBeNull();
          expect(Math.abs(match?.offset ?? 99)).toBeLessThanOrEqual(Math.abs(offset));
          expect(match?.counter).toBe(center + (match?.offset ?? 0));
        },
      ),
      { numRuns: 100 },
    );
  });
});
