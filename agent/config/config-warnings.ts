// SPDX-License-Identifier: UNLICENSED
/**
 * Unsafe settings that must announce themselves at start (STYLE rule 24). Each returned line reads
 * `MUST change: <key path> …` (the third word is the key path); the caller logs each with `logger.warn`. Checks:
 * - `demo: true` (a demo master key and demo users are in use);
 * - `server.tls.enabled: false` while `server.listen` is not a loopback address;
 * - `server.trustedProxies` containing a /0 range (`0.0.0.0/0`, `::/0`), which trusts every client;
 * - an `http://` `server.publicUrl` on a non-loopback host (Entra requires HTTPS endpoints).
 */
import { parseCidr } from '../net/parse-cidr.js';
import { isLoopbackHost, parseListen } from './parse-listen.js';
import type { ResolvedConfig } from './resolve-config.js';

/** Returns one human-readable warning per unsafe setting; an empty array when there is none. */
export function configWarnings(config: ResolvedConfig): string[] {
  const warnings: string[] = [];
  if (config.demo) {
    warnings.push('MUST change: demo is true — this configuration uses the demo master key and demo users from `init --demo`; run `mfa-appliance init` without --demo for a real installation');
  }
  const listen = parseListen(config.server.listen);
  if (!config.server.tls.enabled && listen !== null && !isLoopbackHost(listen.host)) {
    warnings.push(`MUST change: server.tls.enabled is false while server.listen is ${config.server.listen} — passwords and codes cross the network in plain HTTP; enable TLS or listen on 127.0.0.1 behind a TLS-terminating proxy`);
  }
  for (const entry of config.server.trustedProxies) {
    if (parseCidr(entry)?.prefix === 0) {
      warnings.push(`MUST change: server.trustedProxies contains ${entry} — every client is trusted to set X-Forwarded-For and can claim a trusted network; list only your reverse proxies`);
    }
  }
  const publicUrl = new URL(config.server.publicUrl);
  if (publicUrl.protocol === 'http:' && !isLoopbackHost(publicUrl.hostname.replace(/^\[|\]$/g, ''))) {
    warnings.push(`MUST change: server.publicUrl is ${config.server.publicUrl} — Entra ID and browsers need HTTPS federation endpoints; use an https:// URL`);
  }
  return warnings;
}
