// SPDX-License-Identifier: UNLICENSED
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';

/**
 * The one HTTPS agent both Graph and the token authority are reached through (keep-alive). With
 * `extraCaPem` it trusts Node's bundled roots plus that CA — `ca` replaces the default store, so the
 * roots are listed again; `NODE_EXTRA_CA_CERTS` is not needed. Without it, Node's defaults apply.
 */
export function createTrustAgent(extraCaPem: string | null): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(extraCaPem === null ? {} : { ca: [...rootCertificates, extraCaPem] }),
  });
}
