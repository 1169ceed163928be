// SPDX-License-Identifier: UNLICENSED
import { createNetworkMatcher, type NetworkMatcher } from '../net/network-matcher.js';

/**
 * `policy.trustedNetworks`: the named networks whose browsers are inside the corporate network
 * (`insidecorporatenetwork=true`, and the code may be skipped by policy).
 */
export interface TrustedNetworks {
  /**
   * The name of the first network (in configuration order) holding `ip`, or null when none does or
   * `ip` is not an IP address. IPv4-mapped IPv6 (`::ffff:10.1.2.3`) matches IPv4 networks.
   */
  networkOf(ip: string): string | null;
}

/** Throws `ERR_INVALID_INPUT` naming the first bad entry (the config schema has already checked them). */
export function createTrustedNetworks(networks: Readonly<Record<string, readonly string[]>>): TrustedNetworks {
  const matchers: Array<[string, NetworkMatcher]> = Object.entries(networks).map(([name, cidrs]) => [name, createNetworkMatcher(cidrs)]);
  return {
    networkOf(ip) {
      for (const [name, matcher] of matchers) if (matcher.contains(ip)) return name;
      return null;
    },
  };
}
