// SPDX-License-Identifier: UNLICENSED
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, test } from 'vitest';
import { buildOtpauthUri, type OtpauthUri } from '../../../agent/otp/build-otpauth-uri.js';
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from '../../../agent/otp/otp-params.js';
import { parseOtpauthUri } from '../../../agent/otp/parse-otpauth-uri.js';

const SECRET = Buffer.from('12345678901234567890', 'ascii'); // base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
const BASE = 'otpauth://totp/ACME:john@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('parseOtpauthUri', () => {
  test('fills the Key Uri Format defaults (SHA1, 6 digits, 30 s)', () => {
    expect(parseOtpauthUri(`${BASE}&issuer=ACME`)).toEqual({
      type: 'totp', issuer: 'ACME', account: 'john@example.com', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30,
    });
  });

  test('takes the issuer from the label alone, drops spaces after the colon, reads %3A as the separator', () => {
    expect(parseOtpauthUri('otpauth://totp/Big%20Corp%3A%20%20bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toMatchObject({ issuer: 'Big Corp', account: 'bob' });
    expect(parseOtpauthUri('otpauth://totp/bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toMatchObject({ issuer: '', account: 'bob' });
  });

  test('accepts mixed case, padding, unknown parameters; HOTP needs a counter and has no period', () => {
    const uri = 'OTPAUTH://HOTP/ACME:john?SECRET=gezdgnbvgy3tqojqgezdgnbvgy3tqojq%3D&Algorithm=sha512&digits=8&counter=9007199254740991&image=x';
    expect(parseOtpauthUri(uri)).toEqual({
      type: 'hotp', issuer: 'ACME', account: 'john', secret: SECRET, algorithm: 'SHA512', digits: 8, counter: Number.MAX_SAFE_INTEGER,
    });
  });

  test('reads a URI written by the otpauth package', () => {
    const peer = new OTPAuth.TOTP({ issuer: 'Ex Co', label: 'a b@c.d', secret: OTPAuth.Secret.fromHex('48656c6c6f21deadbeef'), algorithm: 'SHA256', digits: 8, period: 60 });
    expect(parseOtpauthUri(peer.toString())).toEqual({
      type: 'totp', issuer: 'Ex Co', account: 'a b@c.d', secret: Buffer.from('48656c6c6f21deadbeef', 'hex'), algorithm: 'SHA256', digits: 8, period: 60,
    });
  });

  test('round-trips buildOtpauthUri for random parameters', () => {
    const text = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }).filter((s) => !s.includes(':') && !s.startsWith(' '));
    fc.assert(
      fc.property(
        fc.constantFrom('totp', 'hotp'), fc.option(text, { nil: '' }), text, fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512'), fc.constantFrom<OtpDigits>(6, 8), fc.constantFrom<OtpPeriod>(30, 60), fc.maxSafeNat(),
        (type, issuer, account, secret, algorithm, digits, period, counter) => {
          const params: OtpauthUri = { type, issuer, account, secret: Buffer.from(secret), algorithm, digits, ...(type === 'totp' ? { period } : { counter }) };
          expect(parseOtpauthUri(buildOtpauthUri(params))).toEqual(params);
        },
      ),
      { numRuns: 200 },
    );
  });

  test.each([
    ['uri', `${BASE}&x=${'a'.repeat(2048)}`],
    ['scheme', 'http://totp/a?secret=GEZDGNBV'],
    ['type', 'otpauth://motp/a?secret=GEZDGNBV'],
    ['label', 'otpauth://totp'],
    ['label', 'otpauth://totp/ACME:?secret=GEZDGNBV'],
    ['label', 'otpauth://totp/a:b:c?secret=GEZDGNBV'],
    ['label', 'otpauth://totp/%E0%A4%A?secret=GEZDGNBV'],
    ['issuer', `${BASE}&issuer=Other`],
    ['secret', 'otpauth://totp/a'],
    ['secret', 'otpauth://totp/a?secret='],
    ['secret', 'otpauth://totp/a?secret=GEZDGNB1'],
    ['secret', 'otpauth://totp/a?secret=%ZZ'],
    ['secret', `${BASE}&secret=JBSWY3DPEHPK3PXP`],
    ['algorithm', `${BASE}&algorithm=MD5`],
    ['digits', `${BASE}&digits=7`],
    ['digits', `${BASE}&digits=6.0`],
    ['period', `${BASE}&period=45`],
    ['counter', 'otpauth://hotp/a?secret=GEZDGNBV'],
    ['counter', 'otpauth://hotp/a?secret=GEZDGNBV&counter=-1'],
    ['counter', 'otpauth://hotp/a?secret=GEZDGNBV&counter=9007199254740992'],
    ['parameter', `${BASE}&%ZZ=1`],
  ])('refuses a bad %s: %s', (part, uri) => {
    expect(() => parseOtpauthUri(uri)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', data: { part } }));
  });
});
