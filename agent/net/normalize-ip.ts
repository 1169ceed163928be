// SPDX-License-Identifier: UNLICENSED
import { isIP } from 'node:net';

/**
 * Canonical form of a socket or header address: IPv4-mapped IPv6 (`::ffff:10.1.2.3`) becomes the
 * IPv4 address, a zone id (`fe80::1%eth0`) is dropped, IPv6 is lower-cased. Returns null when `addr`
 * is not an IP address.
 */
export function normalizeIp(addr: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  let a = addr.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  const v = isIP(a);
  if (v === 4) return { address: a, family: 'ipv4' };
  if (v === 6) return { address: a.toLowerCase(), family: 'ipv6' };
  return null;
}
