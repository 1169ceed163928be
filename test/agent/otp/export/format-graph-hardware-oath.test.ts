// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import type { ExportableToken } from '../../../../agent/otp/export/exportable-token.js';
import { formatGraphHardwareOath, formatGraphHardwareOathBatch } from '../../../../agent/otp/export/format-graph-hardware-oath.js';

function totp(serial: string, extra: Partial<ExportableToken> = {}): ExportableToken {
  return { serial, manufacturer: 'Acme', model: 'T1', type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, secret: Buffer.from('Hello!\xde\xad\xbe\xef', 'latin1'), ...extra };
}

describe('formatGraphHardwareOath', () => {
  test('builds the hardwareOathDevices create body with base32 secret and Int32 interval', () => {
    expect(formatGraphHardwareOath({ token: totp('S1', { algorithm: 'SHA256', period: 60 }), assignToUserId: '0cadbf92-0000-4000-8000-000000000001' })).toEqual({
      serialNumber: 'S1',
      manufacturer: 'Acme',
      model: 'T1',
      secretKey: 'JBSWY3DPEHPK3PXP',
      timeIntervalInSeconds: 60,
      hashFunction: 'hmacsha256',
      assignTo: { id: '0cadbf92-0000-4000-8000-000000000001' },
    });
    expect(formatGraphHardwareOath({ token: totp('S2') })).not.toHaveProperty('assignTo');
  });

  test('builds the $delta batch body with @contentId per entry', () => {
    const body = formatGraphHardwareOathBatch([{ token: totp('A') }, { token: totp('B'), assignToUserId: 'u2' }]);
    expect(body['@context']).toBe('#$delta');
    expect(body.value.map((v) => [v['@contentId'], v.serialNumber, v.hashFunction, v.timeIntervalInSeconds, v.assignTo])).toEqual([
      ['1', 'A', 'hmacsha1', 30, undefined],
      ['2', 'B', 'hmacsha1', 30, { id: 'u2' }],
    ]);
  });

  test('refuses HOTP, SHA-512, 8 digits and missing model, listing serials', () => {
    const entries = [
      { token: totp('H', { type: 'hotp', period: undefined }) },
      { token: totp('X512', { algorithm: 'SHA512' }) },
      { token: totp('D8', { digits: 8 }) },
      { token: totp('NOMODEL', { model: '' }) },
    ];
    expect(() => formatGraphHardwareOathBatch(entries)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_INPUT',
        data: {
          refused: [
            { reason: 'not TOTP (Entra has no HOTP)', serials: ['H'] },
            { reason: 'not HMAC-SHA1 or HMAC-SHA256', serials: ['X512'] },
            { reason: 'not 6 digits', serials: ['D8'] },
            { reason: 'time step not 30 or 60 s', serials: ['H'] },
            { reason: 'no serial number, manufacturer or model', serials: ['NOMODEL'] },
          ],
        },
      }),
    );
  });
});
