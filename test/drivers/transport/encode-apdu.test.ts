// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../drivers/core/bytes.js';
import { encodeApdu, type Apdu } from '../../../drivers/transport/encode-apdu.js';

const h = (apdu: Apdu, extended = false): string => toHex(encodeApdu(apdu, { extended }));

describe('encodeApdu', () => {
  test.each([
    ['case 1', { cla: 0, ins: 0x04, p1: 0xde, p2: 0xad }, '0004dead'],
    ['case 2, Le 256 → 00 (ykman LIST, §1.9)', { cla: 0, ins: 0xa1, p1: 0, p2: 0, le: 256 }, '00a1000000'],
    ['case 2, Le 8', { cla: 0x80, ins: 0x4b, p1: 8, p2: 0, le: 8 }, '804b080008'],
    ['case 3, SELECT OATH without Le (§1.1)', { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('a0000005272101') }, '00a4040007a0000005272101'],
    ['case 4', { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('a0000005272101'), le: 256 }, '00a4040007a000000527210100'],
    ['empty data means no Lc', { cla: 0, ins: 0xa5, p1: 0, p2: 0, data: Buffer.alloc(0), le: 256 }, '00a5000000'],
  ])('short %s', (_what, apdu, hex) => expect(h(apdu)).toBe(hex));

  test.each([
    ['case 2E, Le 65536 → 000000', { cla: 0, ins: 0xa1, p1: 0, p2: 0, le: 65536 }, '00a10000000000'],
    ['case 3E', { cla: 0, ins: 0x01, p1: 0, p2: 0, data: fromHex('aabb') }, '00010000000002aabb'],
    ['case 4E, Le 512', { cla: 0, ins: 0x01, p1: 0, p2: 0, data: fromHex('aa'), le: 512 }, '00010000000001aa0200'],
  ])('extended %s', (_what, apdu, hex) => expect(h(apdu, true)).toBe(hex));

  test('300 bytes of data need extended form', () => {
    const apdu = { cla: 0, ins: 1, p1: 0, p2: 0, data: Buffer.alloc(300, 0x11) };
    expect(() => encodeApdu(apdu)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    const ext = encodeApdu(apdu, { extended: true });
    expect(toHex(ext.subarray(0, 7))).toBe('0001000000012c');
    expect(ext).toHaveLength(307);
  });

  test.each([
    ['Le 0', { cla: 0, ins: 0, p1: 0, p2: 0, le: 0 }],
    ['Le 257 short', { cla: 0, ins: 0, p1: 0, p2: 0, le: 257 }],
    ['INS 256', { cla: 0, ins: 256, p1: 0, p2: 0 }],
    ['P1 -1', { cla: 0, ins: 0, p1: -1, p2: 0 }],
  ])('rejects %s', (_what, apdu) => {
    expect(() => encodeApdu(apdu)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
