// SPDX-License-Identifier: UNLICENSED
import { BlockList } from 'node:net';
import { MfaError } from '../errors.js';
import { normalizeIp } from './normalize-ip.js';
import { parseCidr } from './parse-cidr.js';

/** Answers whether an address lies in any of a fixed set of networks. */
export interface NetworkMatcher {
  /** False for anything that is not an IP address. IPv4-mapped IPv6 matches IPv4 networks. */
  contains(addr: string): boolean;
  readonly networks: readonly string[];
}

/**
 * Networks as `parseCidr` reads them (a bare address is a host route; write IPv4 networks in IPv4
 * form: checked addresses are normalised, so `::ffff:10.1.2.3` matches `10.0.0.0/8`). Throws
 * `ERR_INVALID_INPUT` naming the first bad entry.
 */
export function createNetworkMatcher(networks: readonly string[]): NetworkMatcher {
  const list = new BlockList();
  for (const n of networks) {
    const cidr = parseCidr(n);
    if (!cidr) {
      throw new MfaError('ERR_INVALID_INPUT', `invalid network ${JSON.stringify(n)}: expected an IP address or CIDR such as 10.0.0.0/8 or fd00::/8`, {
        data: { network: n },
      });
    }
    list.addSubnet(cidr.address, cidr.prefix, cidr.family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    networks: [...networks],
    contains(addr) {
      const ip = normalizeIp(addr);
      return ip !== null && list.check(ip.address, ip.family);
    },
  };
}
