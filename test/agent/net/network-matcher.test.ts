// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createNetworkMatcher } from '../../../agent/net/network-matcher.js';
import { normalizeIp } from '../../../agent/net/normalize-ip.js';
import { MfaError } from '../../../agent/errors.js';

describe('normalizeIp', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3', 'ipv4'],
    ['::ffff:10.1.2.3', '10.1.2.3', 'ipv4'],
    ['::FFFF:10.1.2.3', '10.1.2.3', 'ipv4'],
    ['[2001:DB8::1]', '2001:db8::1', 'ipv6'],
    ['fe80::1%eth0', 'fe80::1', 'ipv6'],
  ])('%s → %s', (input, address, family) => {
    expect(normalizeIp(input)).toEqual({ address, family });
  });

  it.each(['', 'localhost', '10.1.2', '10.1.2.3.4', '1.2.3.4:80', ' '])('rejects %j', (input) => {
    expect(normalizeIp(input)).toBeNull();
  });
});

describe('createNetworkMatcher', () => {
  const m = createNetworkMatcher(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);

  it.each([
    ['10.255.1.1', true], ['::ffff:10.0.0.1', true], ['11.0.0.1', false],
    ['192.0.2.7', true], ['192.0.2.8', false],
    ['2001:db8:1::5', true], ['2001:db9::1', false], ['[2001:db8::1]', true],
    ['not-an-ip', false], ['', false],
  ])('%s → %s', (addr, expected) => {
    expect(m.contains(addr)).toBe(expected);
  });

  it('matches nothing when empty', () => {
    expect(createNetworkMatcher([]).contains('10.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', '10.0.0.0/-1', '10.0.0/8', '::/129', 'any', '10.0.0.0/8/8'])('rejects %s naming it', (bad) => {
    try {
      createNetworkMatcher(['10.0.0.0/8', bad]);
      expect.unreachable();
    } catch (err) {
      expect((err as MfaError).code).toBe('ERR_INVALID_INPUT');
      expect((err as MfaError).message).toContain(JSON.stringify(bad));
    }
  });
});
