// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createNetworkMatcher } from '../../../agent/net/network-matcher.js';
import { resolveClientAddress } from '../../../agent/net/resolve-client-address.js';

const proxies = createNetworkMatcher(['10.0.0.1/32', 'fd00::/64']);
const none = createNetworkMatcher([]);

describe('resolveClientAddress', () => {
  it.each([
    ['an untrusted peer: X-Forwarded-For is ignored', '203.0.113.9', '10.9.9.9', none, '203.0.113.9'],
    ['a forged header from an untrusted peer with proxies configured', '203.0.113.9', '10.0.0.1, 10.9.9.9', proxies, '203.0.113.9'],
    ['a trusted proxy: the right-most untrusted hop', '10.0.0.1', '198.51.100.1, 192.0.2.44', proxies, '192.0.2.44'],
    ['chained trusted proxies are skipped', '10.0.0.1', '192.0.2.44, 10.0.0.1', proxies, '192.0.2.44'],
    ['several header lines are one list', '10.0.0.1', ['198.51.100.1', '192.0.2.44'], proxies, '192.0.2.44'],
    ['garbage stops the walk at the last trusted hop', '10.0.0.1', '192.0.2.44, not-an-ip', proxies, '10.0.0.1'],
    ['a trusted proxy without the header is the client', '10.0.0.1', undefined, proxies, '10.0.0.1'],
    ['an IPv4-mapped IPv6 peer is normalised', '::ffff:10.0.0.1', '192.0.2.44', proxies, '192.0.2.44'],
    ['an IPv6 proxy and client', 'fd00::5', '2001:DB8::1', proxies, '2001:db8::1'],
    ['an IPv6 peer outside the proxy range', 'fd01::5', '2001:db8::1', proxies, 'fd01::5'],
  ] as const)('%s', (_name, peer, xff, matcher, expected) => {
    expect(resolveClientAddress(peer, xff as string | string[] | undefined, matcher)).toBe(expected);
  });

  it('returns null for an unknown peer', () => {
    expect(resolveClientAddress(undefined, '192.0.2.44', proxies)).toBeNull();
  });
});
