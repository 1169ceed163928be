// SPDX-License-Identifier: UNLICENSED
import { isIP } from 'node:net';

/** An address with a prefix length; a bare address gets the full length (32 or 128). */
export interface Cidr {
  address: string;
  prefix: number;
  family: 4 | 6;
}

/**
 * Parses `10.0.0.0/8`, `fd00::/8`, or a bare IPv4/IPv6 address. Returns null for anything else,
 * including a prefix outside 0-32 (IPv4) or 0-128 (IPv6) or written with a sign or leading zeros.
 */
export function parseCidr(value: string): Cidr | null {
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  if (slash === -1) return { address, prefix: max, family };
  const text = value.slice(slash + 1);
  if (!/^(?:0|[1-9]\d{0,2})$/.test(text)) return null;
  const prefix = Number(text);
  return prefix <= max ? { address, prefix, family } : null;
}
