// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createTrustedNetworks } from '../../../agent/policy/trusted-networks.js';

describe('createTrustedNetworks', () => {
  const networks = createTrustedNetworks({ corp: ['10.0.0.0/8', '192.0.2.10'], lab: ['fd00:1::/64'], overlap: ['10.1.0.0/16'] });

  it.each([
    ['10.1.2.3', 'corp'],
    ['::ffff:10.1.2.3', 'corp'],
    ['192.0.2.10', 'corp'],
    ['192.0.2.11', null],
    ['FD00:1::abcd', 'lab'],
    ['fd00:2::1', null],
    ['fe80::1%eth0', null],
    ['not an address', null],
    ['', null],
  ])('%s → %s', (ip, expected) => {
    expect(networks.networkOf(ip)).toBe(expected);
  });

  it('no networks: nothing is trusted', () => {
    expect(createTrustedNetworks({}).networkOf('10.0.0.1')).toBeNull();
  });

  it('refuses a malformed entry with ERR_INVALID_INPUT', () => {
    expect(() => createTrustedNetworks({ corp: ['10.0.0.0/33'] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }) as Error);
  });
});
