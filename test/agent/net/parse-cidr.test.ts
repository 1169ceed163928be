// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { parseCidr } from '../../../agent/net/parse-cidr.js';

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', { address: '10.0.0.0', prefix: 8, family: 4 }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefix: 0, family: 4 }],
    ['192.168.1.5', { address: '192.168.1.5', prefix: 32, family: 4 }],
    ['fd00::/8', { address: 'fd00::', prefix: 8, family: 6 }],
    ['::/0', { address: '::', prefix: 0, family: 6 }],
    ['2001:db8::1', { address: '2001:db8::1', prefix: 128, family: 6 }],
    ['10.0.0.0/33', null],
    ['fd00::/129', null],
    ['10.0.0.0/', null],
    ['10.0.0.0/08', null],
    ['10.0.0.0/+8', null],
    ['10.0.0/8', null],
    ['fd00::zz/8', null],
    ['example.com/8', null],
    ['', null],
  ])('%s', (input, expected) => {
    expect(parseCidr(input)).toEqual(expected);
  });
});
