// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { isLoopbackHost, isWildcardHost, parseListen } from '../../../agent/config/parse-listen.js';

describe('parseListen', () => {
  test.each([
    ['0.0.0.0:8443', { host: '0.0.0.0', port: 8443, family: 4 }],
    ['[::]:8443', { host: '::', port: 8443, family: 6 }],
    ['[fe80::1%eth0]:1', { host: 'fe80::1%eth0', port: 1, family: 6 }],
    ['[2001:db8::1]:65535', { host: '2001:db8::1', port: 65535, family: 6 }],
    ['mfa.contoso.com:443', { host: 'mfa.contoso.com', port: 443, family: 0 }],
    ['localhost:1', { host: 'localhost', port: 1, family: 0 }],
    ['abc', null],
    ['0.0.0.0:0', null],
    ['0.0.0.0:65536', null],
    ['0.0.0.0:', null],
    [':8443', null],
    ['::1:8443', null],
    ['[::1]', null],
    ['[nothost]:80', null],
    ['999.1.1.1:80', null],
    ['bad_host:80', null],
    ['host:80 ', null],
  ])('%s', (input, expected) => {
    expect(parseListen(input)).toEqual(expected);
  });
});

describe('isLoopbackHost', () => {
  test.each([
    ['127.0.0.1', true], ['127.255.0.9', true], ['::1', true], ['0:0:0:0:0:0:0:1', true], ['LocalHost', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.1', false], ['mfa.contoso.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isWildcardHost', () => {
  test.each([['0.0.0.0', true], ['::', true], ['0:0::0', true], ['127.0.0.1', false], ['::1', false], ['host', false]])('%s → %s', (host, expected) => {
    expect(isWildcardHost(host)).toBe(expected);
  });
});
