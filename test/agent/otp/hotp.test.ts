// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { hotp } from '../../../agent/otp/hotp.js';
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from '../../../agent/otp/otp-params.js';
import { totpStep } from '../../../agent/otp/totp-step.js';
import { RFC4226_CODES, RFC4226_KEY, RFC6238_SEEDS, RFC6238_VECTORS } from './rfc-vectors.js';

const algorithms = fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512');
const digitCounts = fc.constantFrom<OtpDigits>(6, 8);
const periods = fc.constantFrom<OtpPeriod>(30, 60);
const seeds = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((a) => Buffer.from(a));
/** Unix seconds from 1970 to about year 3058 (2^35 s): most draws lie after 2038. */
const unixSeconds = fc.integer({ min: 0, max: 2 ** 35 });

/** oathtool prints the code for the given step and `window` following ones, one per line. */
function oathtool(args: string[], key: Buffer): string[] {
  return execFileSync('oathtool', [...args, key.toString('hex')], { encoding: 'utf8' }).trim().split('\n');
}

describe('hotp', () => {
  test.each(RFC4226_CODES.map((code, counter) => [counter, code] as const))('RFC 4226 Appendix D, counter %i → %s', (counter, code) => {
    expect(hotp(RFC4226_KEY, counter, 6, 'SHA1')).toBe(code);
  });

  test.each(RFC6238_VECTORS)('RFC 6238 Appendix B, T = %i, %s → %s', (seconds, algorithm, code) => {
    expect(hotp(RFC6238_SEEDS[algorithm], totpStep(seconds * 1000, 30), 8, algorithm)).toBe(code);
  });

  test('keeps leading zeros: RFC 6238 T = 1111111109 (step 37037036) is 07081804, and 081804 in 6 digits', () => {
    expect(hotp(RFC6238_SEEDS.SHA1, 37037036, 8, 'SHA1')).toBe('07081804');
    expect(hotp(RFC6238_SEEDS.SHA1, 37037036, 6, 'SHA1')).toBe('081804');
  });

  test('a bigint counter gives the same code as the number, including beyond 2^32 and at 2^64 − 1', () => {
    expect(hotp(RFC4226_KEY, 7n, 6, 'SHA1')).toBe('162583');
    expect(hotp(RFC4226_KEY, 2n ** 40n, 8, 'SHA1')).toBe(hotp(RFC4226_KEY, 2 ** 40, 8, 'SHA1'));
    expect(hotp(RFC4226_KEY, 2n ** 64n - 1n, 8, 'SHA1')).toBe(oathtool(['--hotp', '-d', '8', '-c', '18446744073709551615'], RFC4226_KEY)[0]);
  });

  test.each([
    ['a negative counter', -1, 6, 'SHA1'],
    ['a fractional counter', 1.5, 6, 'SHA1'],
    ['an unsafe counter', 2 ** 53, 6, 'SHA1'],
    ['a counter of 2^64', 2n ** 64n, 6, 'SHA1'],
    ['7 digits', 1, 7, 'SHA1'],
    ['an unknown algorithm', 1, 6, 'MD5'],
  ])('refuses %s with ERR_INVALID_INPUT', (_what, counter, digits, algorithm) => {
    const run = () => hotp(RFC4226_KEY, counter, digits as OtpDigits, algorithm as OtpAlgorithm);
    expect(run).toThrow(MfaError);
    expect(run).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });

  test('agrees with the otpauth package for random seeds, hashes, digits, periods and times to year 3058', () => {
    fc.assert(
      fc.property(seeds, algorithms, digitCounts, periods, unixSeconds, (key, algorithm, digits, period, seconds) => {
        const secret = OTPAuth.Secret.fromHex(key.toString('hex'));
        const peer = new OTPAuth.TOTP({ secret, algorithm, digits, period }).generate({ timestamp: seconds * 1000 });
        expect(hotp(key, totpStep(seconds * 1000, period), digits, algorithm)).toBe(peer);
      }),
      { numRuns: 100 },
    );
  });

  test('agrees with the otpauth package on HOTP counters up to 2^53 − 1', () => {
    fc.assert(
      fc.property(seeds, algorithms, digitCounts, fc.maxSafeNat(), (key, algorithm, digits, counter) => {
        const secret = OTPAuth.Secret.fromHex(key.toString('hex'));
        expect(hotp(key, counter, digits, algorithm)).toBe(new OTPAuth.HOTP({ secret, algorithm, digits }).generate({ counter }));
      }),
      { numRuns: 100 },
    );
  });

  test('agrees with oathtool --totp for random seeds, hashes, digits, periods and times (5 steps per call)', () => {
    fc.assert(
      fc.property(seeds, algorithms, digitCounts, periods, unixSeconds, (key, algorithm, digits, period, seconds) => {
        const codes = oathtool([`--totp=${algorithm}`, '-d', String(digits), '-s', `${period}s`, '-N', `@${seconds}`, '-w', '4'], key);
        const step = totpStep(seconds * 1000, period);
        expect(codes.map((_, i) => hotp(key, step + i, digits, algorithm))).toEqual(codes);
        expect(codes).toHaveLength(5);
      }),
      { numRuns: 25 },
    );
  });

  test('agrees with oathtool --hotp (SHA-1 only there) for random seeds and 48-bit counters (5 per call)', () => {
    fc.assert(
      fc.property(seeds, digitCounts, fc.integer({ min: 0, max: 2 ** 48 }), (key, digits, counter) => {
        const codes = oathtool(['--hotp', '-d', String(digits), '-c', String(counter), '-w', '4'], key);
        expect(codes.map((_, i) => hotp(key, counter + i, digits, 'SHA1'))).toEqual(codes);
        expect(codes).toHaveLength(5);
      }),
      { numRuns: 10 },
    );
  });
});
