// SPDX-License-Identifier: UNLICENSED
import { BlockList } from 'node:net';
import { MfaError } from '../errors.js';
import { normalizeIp } from './normalize-ip.js';

/** Answers whether an address lies in any of a fixed set of networks. */
export interface NetworkMatcher {
  /** False for anything that is not an IP address. IPv4-mapped IPv6 matches IPv4 networks. */
  contains(addr: string): boolean;
  readonly networks: readonly string[];
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, `v6` and `v6/n` (a bare address is a host route). Throws
 * `ERR_INVALID_INPUT` naming the first bad entry.
 */
export function createNetworkMatcher(networks: readonly string[]): NetworkMatcher {
  const list = new BlockList();
  for (const n of networks) {
    const [addr = '', prefixText, extra] = n.split('/');
    const ip = normalizeIp(addr);
    const max = ip?.family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!ip || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
      throw new MfaError('ERR_INVALID_INPUT', `invalid network ${JSON.stringify(n)}: expected an IP address or CIDR such as 10.0.0.0/8 or fd00::/8`, {
        data: { network: n },
      });
    }
    list.addSubnet(ip.address, prefix, ip.family);
  }
  return {
    networks: [...networks],
    contains(addr) {
      const ip = normalizeIp(addr);
      return ip !== null && list.check(ip.address, ip.family);
    },
  };
}
