// SPDX-License-Identifier: UNLICENSED
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { dynamicTruncate } from '../../../agent/otp/dynamic-truncate.js';
import type { OtpDigits } from '../../../agent/otp/otp-params.js';
import { RFC4226_KEY } from './rfc-vectors.js';

describe('dynamicTruncate', () => {
  test('RFC 4226 §5.4 worked example: offset 0xa, 0x50ef7f19 = 1357872921 → 872921', () => {
    const mac = Buffer.from('1f8698690e02ca16618550ef7f19da8e945b555a', 'hex');
    expect(dynamicTruncate(mac, 6)).toBe(872921);
    expect(dynamicTruncate(mac, 8)).toBe(57872921);
  });

  test('RFC 4226 Appendix D, count 0: HMAC cc93cf18…b4 → 1284755224 → 755224', () => {
    const mac = createHmac('sha1', RFC4226_KEY).update(Buffer.alloc(8)).digest();
    expect(mac.toString('hex')).toBe('cc93cf18508d94934c64b65d8ba7667fb7cde4b0');
    expect(dynamicTruncate(mac, 6)).toBe(755224);
  });

  test('masks the top bit, reads the last window (offset 15) and returns a number without padding', () => {
    const mac = Buffer.alloc(20, 0xff);
    expect(dynamicTruncate(mac, 8)).toBe(0x7fffffff % 100_000_000);
    const low = Buffer.from('00000000000000000000000000000080010203' + '0f', 'hex');
    expect(dynamicTruncate(low, 6)).toBe(66051); // bytes 15..18 = 80 01 02 03, top bit masked → 0x00010203
  });

  test('refuses 7 digits with ERR_INVALID_INPUT', () => {
    expect(() => dynamicTruncate(Buffer.alloc(20), 7 as OtpDigits)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });
});
