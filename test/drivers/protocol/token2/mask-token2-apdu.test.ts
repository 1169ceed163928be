// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { maskToken2Apdu } from '../../../../drivers/protocol/token2/mask-token2-apdu.js';

describe('maskToken2Apdu', () => {
  test.each([
    ['80ce0000108b7450f22721bc29985c2c460b65045d', '80ce000010‹16 bytes masked›'],
    ['84c50100245e5856092fd3228d4d33eee3daac4b55ce37d18d332b7ac6a40e8661fa23042af47b0153', '84c5010024‹36 bytes masked›'],
    [`84d7000024${'ab'.repeat(36)}`, '84d7000024‹36 bytes masked›'],
    ['84d400001781111f01010f04654fe60086060a01010d011e930d8d5b', '84d400001781111f01010f04654fe60086060a01010d011e930d8d5b'],
    ['804b080000', '804b080000'],
    ['80410000020211', '80410000020211'],
  ])('%s', (apdu, masked) => {
    expect(maskToken2Apdu(Buffer.from(apdu, 'hex'))).toBe(masked);
  });
});
