// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { REDACTED, scrubAuditDetails } from '../../../agent/audit/scrub-audit-details.js';

describe('scrubAuditDetails', () => {
  test.each(['password', 'newPassword', 'clientSecret', 'seed', 'apiKey', 'KEY', 'token', 'refresh_token', 'code', 'otp', 'OTPValue'])(
    'redacts a string under %s',
    (key) => {
      expect(scrubAuditDetails({ [key]: 'hunter2', upn: 'a@b.c' }, [])).toEqual({ [key]: REDACTED, upn: 'a@b.c' });
    },
  );

  test('keeps numbers, booleans and null under secret-looking keys', () => {
    const d = { hasPassword: true, otpWindow: 1, seedLength: 20, tokenSerial: null };
    expect(scrubAuditDetails(d, [])).toEqual(d);
  });

  test('keeps a safe key verbatim only at the top level', () => {
    const d = { keyId: 'k1', nested: { keyId: 'k2' }, key: 'mfa_k1_secret' };
    expect(scrubAuditDetails(d, ['keyId'])).toEqual({ keyId: 'k1', nested: { keyId: REDACTED }, key: REDACTED });
  });

  test('redacts strings inside arrays and nested objects under secret-looking keys', () => {
    const d = { backupCodes: ['123456', '654321', 7], token: { serial: 'TOTP0001', seed: 'JBSWY3DP', id: 3 }, list: [{ otp: '1' }] };
    expect(scrubAuditDetails(d, [])).toEqual({
      backupCodes: [REDACTED, REDACTED, 7],
      token: { serial: 'TOTP0001', seed: REDACTED, id: 3 },
      list: [{ otp: REDACTED }],
    });
  });

  test('never records binary values raw; a safe key gets hex', () => {
    const d = { seed: Buffer.from('secret'), blob: new Uint8Array([1, 2]), keyId: Buffer.from([0xab, 0x01]), n: [Buffer.from('x')] };
    expect(scrubAuditDetails(d, ['keyId'])).toEqual({ seed: REDACTED, blob: REDACTED, keyId: 'ab01', n: [REDACTED] });
  });

  test('returns a copy and leaves the input untouched', () => {
    const d = { password: 'p', nested: { secret: 's' } };
    const out = scrubAuditDetails(d, []);
    expect(d).toEqual({ password: 'p', nested: { secret: 's' } });
    expect(out.nested).not.toBe(d.nested);
  });

  test('keeps a "__proto__" member as data', () => {
    const d = JSON.parse('{"__proto__":{"token":"t"}}') as Record<string, unknown>;
    const out = scrubAuditDetails(d, []);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"token":"[redacted]"}}');
  });
});
