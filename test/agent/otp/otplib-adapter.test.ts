// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { otplibHotp } from '../../../agent/otp/otplib-adapter.js';
import { RFC4226_CODES, RFC4226_KEY, RFC6238_SEEDS, RFC6238_VECTORS } from './rfc-vectors.js';

/** Pins otplib's API and behaviour: if an upgrade changes either, these vectors fail here and nowhere else. */
describe('otplibHotp', () => {
  test.each(RFC4226_CODES.map((code, counter) => [counter, code] as const))('RFC 4226 Appendix D, counter %i → %s', async (counter, code) => {
    expect(await otplibHotp(RFC4226_KEY, counter, 6, 'SHA1')).toBe(code);
  });

  test.each(RFC6238_VECTORS)('RFC 6238 Appendix B, T = %i, %s → %s', async (seconds, algorithm, code) => {
    expect(await otplibHotp(RFC6238_SEEDS[algorithm], Math.floor(seconds / 30), 8, algorithm)).toBe(code);
  });

  test('accepts a 10-byte legacy seed (otplib refuses it by default)', async () => {
    const seed = Buffer.from('48656c6c6f21deadbeef', 'hex');
    const expected = execFileSync('oathtool', ['--hotp', '-c', '3', seed.toString('hex')], { encoding: 'utf8' }).trim();
    expect(await otplibHotp(seed, 3, 6, 'SHA1')).toBe(expected);
  });
});
