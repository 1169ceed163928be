// SPDX-License-Identifier: UNLICENSED
import * as OTPAuth from 'otpauth';
import { describe, expect, test } from 'vitest';
import { buildOtpauthUri, type OtpauthUri } from '../../../agent/otp/build-otpauth-uri.js';

const SECRET = Buffer.from('48656c6c6f21deadbeef', 'hex'); // base32 JBSWY3DPEHPK3PXP (token-hardware.md §8)
const TOTP: OtpauthUri = { type: 'totp', issuer: 'Contoso MFA', account: 'alice@contoso.com', secret: SECRET, algorithm: 'SHA256', digits: 6, period: 30 };

describe('buildOtpauthUri', () => {
  test('TOTP: percent-encoded label with the issuer prefix, issuer parameter, every parameter written out', () => {
    expect(buildOtpauthUri(TOTP)).toBe(
      'otpauth://totp/Contoso%20MFA:alice%40contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso%20MFA&algorithm=SHA256&digits=6&period=30',
    );
  });

  test('HOTP carries the counter instead of the period', () => {
    expect(buildOtpauthUri({ ...TOTP, type: 'hotp', algorithm: 'SHA1', digits: 8, counter: 42 })).toBe(
      'otpauth://hotp/Contoso%20MFA:alice%40contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso%20MFA&algorithm=SHA1&digits=8&counter=42',
    );
  });

  test('an empty issuer leaves only the account in the label and no issuer parameter', () => {
    expect(buildOtpauthUri({ ...TOTP, issuer: '' })).toBe('otpauth://totp/alice%40contoso.com?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=6&period=30');
  });

  test('the otpauth package reads back what we wrote', () => {
    const uri = buildOtpauthUri({ ...TOTP, issuer: 'Zürich & Co?', algorithm: 'SHA512', digits: 8, period: 60 });
    const parsed = OTPAuth.URI.parse(uri);
    expect(parsed).toBeInstanceOf(OTPAuth.TOTP);
    expect({ issuer: parsed.issuer, label: parsed.label, algorithm: parsed.algorithm, digits: parsed.digits, secret: parsed.secret.hex.toLowerCase() })
      .toEqual({ issuer: 'Zürich & Co?', label: 'alice@contoso.com', algorithm: 'SHA512', digits: 8, secret: SECRET.toString('hex') });
    expect((parsed as OTPAuth.TOTP).period).toBe(60);
  });

  test.each([
    ['issuer', { issuer: 'a:b' }],
    ['account', { account: 'x:y' }],
    ['account', { account: '' }],
    ['account', { account: ' bob' }],
    ['secret', { secret: Buffer.alloc(0) }],
    ['period', { period: undefined }],
    ['counter', { type: 'hotp' }],
    ['counter', { type: 'hotp', counter: -1 }],
    ['type', { type: 'motp' }],
  ])('refuses a bad %s with ERR_INVALID_INPUT naming it', (part, patch) => {
    expect(() => buildOtpauthUri({ ...TOTP, ...patch } as OtpauthUri)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', data: { part } }));
  });
});
