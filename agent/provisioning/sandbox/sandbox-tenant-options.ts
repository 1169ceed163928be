// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';

/** An app registration that may sign in with client credentials. */
export interface SandboxAppOptions {
  /** Application (client) id, a GUID. */
  clientId: string;
  /** Client secret values accepted by the token endpoint. @default [] */
  secrets?: string[];
  /** PEM certificates whose keys may sign a `client_assertion` (RS256 or PS256). @default [] */
  certificatesPem?: string[];
}

/** A custom domain of the tenant (the `<name>.onmicrosoft.com` initial domain is always added). */
export interface SandboxDomainOptions {
  name: string;
  /** @default true */
  isVerified?: boolean;
}

/** A subscribed SKU (`GET /subscribedSkus`). */
export interface SandboxSkuOptions {
  skuId: string;
  skuPartNumber: string;
  /** `prepaidUnits.enabled`. */
  enabled: number;
  /** Units already consumed outside the sandbox. @default 0 */
  consumed?: number;
}

/** Throttling per reference §4.8 (application + tenant scope). */
export interface SandboxThrottleOptions {
  /** Write requests per window (token bucket capacity). @default 3000 */
  writesPerWindow?: number;
  /** @default 150_000 (2 min 30 s) */
  windowMs?: number;
  /** Resource units per RU window. @default 3500 (tenant size S) */
  resourceUnitsPerWindow?: number;
  /** @default 10_000 */
  resourceUnitWindowMs?: number;
}

export interface SandboxTenantOptions {
  clock: Clock;
  random: Random;
  /** Directory (tenant) id, a GUID. @default random.uuid() */
  tenantId?: string;
  /** Label of the initial domain `<initialDomainLabel>.onmicrosoft.com`. @default 'sandbox' */
  initialDomainLabel?: string;
  domains?: SandboxDomainOptions[];
  skus?: SandboxSkuOptions[];
  apps: SandboxAppOptions[];
  throttle?: SandboxThrottleOptions;
  /** Access-token lifetime in seconds. @default 3599 */
  tokenLifetimeSeconds?: number;
  /**
   * Directory holding Microsoft's type data (`v1.0-entity-types.json`, `beta-entity-types.json`, … from
   * `../shared/reference/graph-types/`). When set, it is loaded once, on first use, and a property Microsoft
   * declares but the sandbox does not model is accepted and stored untyped; when null, only modelled
   * properties are accepted. @default null
   */
  typeDataDir?: string | null;
  /** Page size of `/users/delta` when the client sends no `Prefer: odata.maxpagesize`. @default 100 */
  deltaPageSize?: number;
  /** TOTP steps either side accepted at hardware OATH activation. @default 1 */
  oathActivationWindowSteps?: number;
  /** Return `$batch` responses in a shuffled order (Graph promises no order). @default true */
  shuffleBatchResponses?: boolean;
}
