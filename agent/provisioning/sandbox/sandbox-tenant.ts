// SPDX-License-Identifier: UNLICENSED
import type { GraphObject } from './tenant-data.js';

/** Where injected faults apply: method and URL path (`/v1.0/users`, or a RegExp), `times` requests (default 1). */
export interface SandboxFaultMatch {
  method?: string;
  path?: string | RegExp;
  /** How many matching requests fail. @default 1 */
  times?: number;
}

/**
 * - `status`: a Graph error response (`503 ServiceUnavailable` by default), optionally with `Retry-After`;
 *   inside `$batch` it is the inner response.
 * - `hang`: the request is read and never answered (until the client gives up or `close()`).
 * - `malformed-json`: 200 with a truncated JSON body.
 * - `reset`: the connection is destroyed without a response.
 */
export type SandboxFault =
  | { kind: 'status'; status: number; code?: string; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'malformed-json' }
  | { kind: 'reset' };

export interface SandboxListening {
  /** Graph base, e.g. `https://127.0.0.1:40123` (`graph.baseUrl`; append `/v1.0`). */
  url: string;
  /** Token authority (`graph.authorityHost`); the same origin. */
  authorityUrl: string;
  /** The self-signed server certificate, which clients trust as a CA (`graph.caFile`). */
  caCertPem: string;
  close(): Promise<void>;
}

/** A deep copy of the tenant, for assertions. Passwords and OATH secrets are not included. */
export interface SandboxState {
  tenantId: string;
  users: GraphObject[];
  deletedUsers: GraphObject[];
  groups: (GraphObject & { members: string[] })[];
  domains: GraphObject[];
  federationConfigurations: (GraphObject & { domainId: string })[];
  subscribedSkus: { skuId: string; skuPartNumber: string; enabled: number; consumed: number }[];
  hardwareOathDevices: GraphObject[];
}

export interface SandboxCounters {
  /** Every HTTP request received (token and discovery included; `$batch` counts once). */
  httpRequests: number;
  /** Graph requests by `METHOD first-segment` (`POST users`), inner `$batch` requests included. */
  requests: Record<string, number>;
  /** Successful writes by kind (`create user`, `assignLicense`, `add member`, …). */
  writes: Record<string, number>;
  /** 429 responses sent, by `x-ms-throttle-information`. */
  throttled: Record<string, number>;
  tokensIssued: number;
  /** 500s caused by a sandbox bug (should stay 0). */
  internalErrors: number;
}

export interface SandboxTenant {
  readonly tenantId: string;
  /** Starts the HTTPS server (port 0 and host 127.0.0.1 by default). Only one listener per tenant. */
  listen(opts?: { port?: number; host?: string }): Promise<SandboxListening>;
  state(): SandboxState;
  counters(): SandboxCounters;
  injectFault(match: SandboxFaultMatch, fault: SandboxFault): void;
  /** Removes a client secret (or all of the app's secrets); with `revokeIssuedTokens`, issued tokens stop working too. */
  revokeSecret(opts?: { clientId?: string; secret?: string; revokeIssuedTokens?: boolean }): void;
  /** Makes every access token issued so far invalid (as after its expiry). */
  expireTokens(): void;
  /** Clears a domain left stuck by a failed federation POST (a support-ticket fix in real life). */
  unstickDomain(name: string): void;
}
