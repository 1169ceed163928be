// SPDX-License-Identifier: UNLICENSED
import type { NetworkMatcher } from './network-matcher.js';
import { normalizeIp } from './normalize-ip.js';

/**
 * The client address a request is judged by. Rules:
 * - the socket peer is the answer unless the peer is a listed trusted proxy;
 * - only then is `X-Forwarded-For` read, right to left (all header lines joined in order), skipping
 *   entries that are themselves trusted proxies; the first untrusted entry is the client;
 * - a malformed entry stops the walk: the last trusted hop before it is used, so a client cannot inject
 *   an address by sending garbage after it;
 * - addresses are canonical (IPv4-mapped IPv6 → IPv4, lower-case IPv6, no zone).
 * Returns null only when the socket peer itself is unknown or malformed.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: NetworkMatcher): string | null {
  const socketIp = peer === undefined ? null : normalizeIp(peer);
  if (!socketIp) return null;
  let client = socketIp.address;
  if (forwardedFor === undefined || trustedProxies.networks.length === 0 || !trustedProxies.contains(client)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i] ?? '');
    if (!hop) break;
    client = hop.address;
    if (!trustedProxies.contains(client)) break;
  }
  return client;
}
