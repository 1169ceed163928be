// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SandboxTenantOptions } from './sandbox-tenant-options.js';
import type { TenantData } from './tenant-data.js';
import type { BodyValidator } from './create-body-validator.js';

/** A Graph request after HTTP parsing; `$batch` builds these for its inner requests too. */
export interface GraphRequest {
  method: string;
  /** `v1.0` or `beta`. */
  version: string;
  /** Path segments after the version, percent-decoded (`['users', 'a@b.com', 'assignLicense']`). */
  segments: string[];
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** What every handler receives besides the request. */
export interface HandlerContext {
  data: TenantData;
  clock: Clock;
  random: Random;
  options: SandboxTenantOptions;
  validator: BodyValidator;
  /** `https://host:port` as the client addressed it, for `@odata.nextLink` and `@odata.context`. */
  origin: string;
  /** Counts a successful write by kind (`create user`, `assignLicense`, …). */
  countWrite(kind: string): void;
}

export type GraphHandler = (ctx: HandlerContext, req: GraphRequest) => GraphResponse | Promise<GraphResponse>;
