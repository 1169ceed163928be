// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { writeCounter } from '../../../agent/otp/write-counter.js';

describe('writeCounter', () => {
  test.each([
    [0, '0000000000000000'],
    [1, '0000000000000001'],
    [0xffffffff, '00000000ffffffff'],
    [2 ** 32, '0000000100000000'],
    [666666666, '0000000027bc86aa'],
    [Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
    [2n ** 64n - 1n, 'ffffffffffffffff'],
    [2n ** 40n + 5n, '0000010000000005'],
  ])('%s → %s (8 bytes big-endian)', (counter, hex) => {
    const target = Buffer.alloc(8, 0xaa);
    writeCounter(target, counter);
    expect(target.toString('hex')).toBe(hex);
  });

  test.each([-1, 0.5, 2 ** 53, Number.NaN, -1n, 2n ** 64n])('refuses %s with ERR_INVALID_INPUT and leaves the buffer alone', (counter) => {
    const target = Buffer.alloc(8, 0xaa);
    expect(() => writeCounter(target, counter)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(target.toString('hex')).toBe('aaaaaaaaaaaaaaaa');
  });
});
