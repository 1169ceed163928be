// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { ApduError } from '../../../drivers/core/errors.js';
import { checkSw } from '../../../drivers/transport/check-sw.js';

describe('checkSw', () => {
  test('9000 returns the data', () => expect(checkSw({ data: fromHex('0102'), sw: 0x9000 }, 'LIST')).toEqual(fromHex('0102')));

  test('another SW throws ApduError with sw and the command name', () => {
    let caught: unknown;
    try {
      checkSw({ data: Buffer.alloc(0), sw: 0x6a84 }, 'PUT');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApduError);
    expect(caught).toMatchObject({ code: 'ERR_APDU', sw: 0x6a84, message: 'PUT: the card answered 6A84', data: { sw: 0x6a84 } });
  });

  test('an explicit accept list', () => {
    expect(checkSw({ data: Buffer.alloc(0), sw: 0x6300 }, 'X', [0x9000, 0x6300])).toHaveLength(0);
  });
});
