// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { bytesEqual, fromHex, padRight, toHex, u32be, u64be } from '../../../drivers/core/bytes.js';

describe('toHex / fromHex', () => {
  test.each([
    ['00 a4 04 00', '00a40400'],
    ['00:A4:04:00', '00a40400'],
    ['48656C6C6F21\nDEADBEEF', '48656c6c6f21deadbeef'],
    ['', ''],
  ])('%j → %s', (input, hex) => {
    expect(toHex(fromHex(input))).toBe(hex);
  });

  test.each(['0', 'abc', 'zz', '0x00'])('rejects %j with ERR_INVALID_ARGUMENT', (input) => {
    expect(() => fromHex(input)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  test('toHex honours a subarray view', () => {
    expect(toHex(Buffer.from('00112233', 'hex').subarray(1, 3))).toBe('1122');
  });
});

describe('u32be / u64be', () => {
  test.each([
    [5, '00000005'],
    [0xffffffff, 'ffffffff'],
  ])('u32be(%d) = %s', (n, hex) => expect(toHex(u32be(n))).toBe(hex));

  test.each([
    [0x3913874, '0000000003913874'],
    [1795464600n / 60n, '0000000001c89c3a'],
  ])('u64be(%s) = %s', (n, hex) => expect(toHex(u64be(n))).toBe(hex));

  test.each([-1, 2 ** 32, 1.5])('u32be(%d) throws', (n) => expect(() => u32be(n)).toThrow(/not a u32/));
  test('u64be(-1) throws', () => expect(() => u64be(-1)).toThrow(/not a u64/));
});

describe('bytesEqual', () => {
  test('equal, different, different length', () => {
    expect(bytesEqual(fromHex('0102'), fromHex('0102'))).toBe(true);
    expect(bytesEqual(fromHex('0102'), fromHex('0103'))).toBe(false);
    expect(bytesEqual(fromHex('0102'), fromHex('010200'))).toBe(false);
  });
});

describe('padRight', () => {
  test('pads a 10-byte secret to 14 with zeros, leaves longer input alone', () => {
    expect(toHex(padRight(fromHex('48656c6c6f21deadbeef'), 14))).toBe('48656c6c6f21deadbeef00000000');
    expect(padRight(Buffer.alloc(20, 1), 14)).toHaveLength(20);
  });
});
