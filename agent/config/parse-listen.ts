// SPDX-License-Identifier: UNLICENSED
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A parsed `server.listen` value. `host` carries no brackets, even for IPv6. */
export interface ListenAddress {
  host: string;
  port: number;
  /** 4 or 6 for an IP literal, 0 for a host name. */
  family: 0 | 4 | 6;
}

const LISTEN_FORM = /^(?:\[([^\]]*)\]|([^:[\]\s]+)):(\d{1,5})$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Parses `host:port` (`[v6]:port` for IPv6). Returns null unless the host is an IPv4 literal, a
 * bracketed IPv6 literal or a DNS host name, and the port is an integer 1-65535.
 */
export function parseListen(value: string): ListenAddress | null {
  const m = LISTEN_FORM.exec(value);
  if (m === null) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  const v6 = m[1];
  if (v6 !== undefined) return isIPv6(v6) ? { host: v6, port, family: 6 } : null;
  const host = m[2] ?? '';
  if (isIPv4(host)) return { host, port, family: 4 };
  if (/^[\d.]+$/.test(host) || !HOST_NAME.test(host)) return null;
  return { host, port, family: 0 };
}

/** True for `localhost`, 127.0.0.0/8 and ::1 (in any spelling). Wildcards (0.0.0.0, ::) are not loopback. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  if (isIPv4(host)) return loopback.check(host, 'ipv4');
  if (isIPv6(host)) return loopback.check(host, 'ipv6');
  return false;
}

/** True for the any-address hosts `0.0.0.0` and `::`, which listen on every interface. */
export function isWildcardHost(host: string): boolean {
  if (isIPv4(host)) return host === '0.0.0.0';
  if (!isIPv6(host)) return false;
  const any = new BlockList();
  any.addAddress('::', 'ipv6');
  return any.check(host, 'ipv6');
}
