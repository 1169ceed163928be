// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../drivers/core/bytes.js';
import { encodeLength, encodeTlv, parseTlvAt, parseTlvs, tlvMap, unpackTlv } from '../../../drivers/core/tlv.js';

describe('encodeLength', () => {
  test.each([
    [0, '00'],
    [0x7f, '7f'],
    [0x80, '8180'],
    [0xff, '81ff'],
    [0x100, '820100'],
    [0xffff, '82ffff'],
    [0x10000, '83010000'],
  ])('%d → %s', (n, hex) => expect(toHex(encodeLength(n))).toBe(hex));

  test('rejects negative and oversize lengths', () => {
    expect(() => encodeLength(-1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => encodeLength(0x1000000)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});

describe('encodeTlv', () => {
  test.each([
    [0x71, '41434d453a616c696365', '710a41434d453a616c696365'],
    [0x73, '', '7300'],
    [0x7f49, '01', '7f490101'],
  ])('tag %d value %s', (tag, value, hex) => expect(toHex(encodeTlv(tag, fromHex(value)))).toBe(hex));

  test('a 200-byte value uses the 81 length form', () => {
    const tlv = encodeTlv(0x75, Buffer.alloc(200, 0xaa));
    expect(toHex(tlv.subarray(0, 3))).toBe('7581c8');
    expect(tlv).toHaveLength(203);
  });
});

describe('parseTlvs', () => {
  test('round-trips the §1.9 CALCULATE ALL reply into name/response pairs', () => {
    const reply = fromHex('710a41434d453a616c696365760506f3a8b86c7108686f747075736572770106');
    const tlvs = parseTlvs(reply);
    expect(tlvs.map((t) => [t.tag, toHex(t.value)])).toEqual([
      [0x71, '41434d453a616c696365'],
      [0x76, '06f3a8b86c'],
      [0x71, '686f747075736572'],
      [0x77, '06'],
    ]);
    expect(Buffer.concat(tlvs.map((t) => encodeTlv(t.tag, t.value)))).toEqual(reply);
  });

  test('long forms 81 and 82 parse', () => {
    expect(parseTlvAt(fromHex(`7581c8${'aa'.repeat(200)}`)).value).toHaveLength(200);
    expect(parseTlvAt(fromHex(`7582012c${'bb'.repeat(300)}`)).value).toHaveLength(300);
  });

  test('a multi-byte tag parses as one number', () => {
    expect(parseTlvs(fromHex('7f490101'))).toEqual([{ tag: 0x7f49, value: fromHex('01') }]);
  });

  test('empty input is an empty list', () => expect(parseTlvs(Buffer.alloc(0))).toEqual([]));

  test.each([
    ['value shorter than its length', '710a41434d45'],
    ['missing length byte', '71'],
    ['long length cut off', '7582 01'],
    ['multi-byte tag cut off', '7f'],
    ['second TLV truncated', '7101417602'],
  ])('%s → ERR_TRUNCATED_RESPONSE', (_what, hex) => {
    expect(() => parseTlvs(fromHex(hex))).toThrow(expect.objectContaining({ code: 'ERR_TRUNCATED_RESPONSE' }));
  });

  test('length forms 80 and 84 are ERR_PROTOCOL', () => {
    expect(() => parseTlvs(fromHex('7180'))).toThrow(expect.objectContaining({ code: 'ERR_PROTOCOL' }));
    expect(() => parseTlvs(fromHex('718400000001ff'))).toThrow(expect.objectContaining({ code: 'ERR_PROTOCOL' }));
  });
});

describe('unpackTlv', () => {
  test('returns the value of the expected tag', () => expect(toHex(unpackTlv(0x76, fromHex('76050633c083d4')))).toBe('0633c083d4'));
  test('another tag is ERR_PROTOCOL', () => expect(() => unpackTlv(0x75, fromHex('76050633c083d4'))).toThrow(/expected TLV tag 0x75, got 0x76/));
  test('trailing bytes are ERR_PROTOCOL', () => expect(() => unpackTlv(0x76, fromHex('7601009000'))).toThrow(/2 bytes after/));
});

describe('tlvMap', () => {
  test('keeps the first of each tag (SELECT reply)', () => {
    const map = tlvMap(fromHex('7903050403710801020304050607087408112233445566778871020000'));
    expect(toHex(map.get(0x79) ?? Buffer.alloc(0))).toBe('050403');
    expect(toHex(map.get(0x71) ?? Buffer.alloc(0))).toBe('0102030405060708');
    expect(toHex(map.get(0x74) ?? Buffer.alloc(0))).toBe('1122334455667788');
  });
});
