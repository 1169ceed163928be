// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { ApduError } from '../../../drivers/core/errors.js';
import { apduHeaderLength, MASK_ALL_DATA, maskedHex, TrafficLogger } from '../../../drivers/core/traffic-log.js';

describe('maskedHex', () => {
  test.each([
    ['no ranges', [], '0011223344'],
    ['middle', [[1, 3]], '00‹2 bytes masked›3344'],
    ['overlapping and unsorted', [[3, 5], [2, 4]], '0011‹3 bytes masked›'],
    ['out of bounds is clipped', [[-2, 1], [4, 99]], '‹1 bytes masked›112233‹1 bytes masked›'],
  ] as const)('%s', (_what, ranges, expected) => {
    expect(maskedHex(fromHex('0011223344'), ranges)).toBe(expected);
  });
});

describe('apduHeaderLength', () => {
  test.each([
    ['00a1000000', 5],
    ['00a4040007a0000005272101', 5],
    ['0001000000001e' + '00'.repeat(30), 7],
    ['00a40400', 4],
  ])('%s → %d', (hex, n) => expect(apduHeaderLength(fromHex(hex))).toBe(n));
});

describe('TrafficLogger', () => {
  test('writes >> command, << reply SW, !! failure through the masker', () => {
    const lines: string[] = [];
    const log = new TrafficLogger((line) => lines.push(line));
    const command = fromHex('0001000003aabbcc');
    log.command(command, MASK_ALL_DATA);
    log.response(fromHex('1234'), 0x9000, command, MASK_ALL_DATA);
    log.response(Buffer.alloc(0), 0x6982, command, MASK_ALL_DATA);
    log.failure(new ApduError(0x6a80));
    log.failure(new Error('boom'));
    expect(lines).toEqual([
      '>> 0001000003‹3 bytes masked›',
      '<< ‹2 bytes masked› 9000',
      '<< 6982',
      '!! ERR_APDU the card answered 6A80',
      '!! ERR_UNKNOWN boom',
    ]);
  });
});
