// SPDX-License-Identifier: UNLICENSED
import type { MfaError } from '../../errors.js';
import type { DomainOperations } from './domain-operations.js';
import type { OathDeviceOperations } from './oath-device-operations.js';
import type { UserOperations } from './user-operations.js';

/** Graph API versions this appliance calls (§5: hardware OATH tokens exist in beta only). */
export type GraphVersion = 'v1.0' | 'beta';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One Graph call. */
export interface GraphRequest {
  method: GraphMethod;
  /**
   * Path below the version root (`/users/{id}`), query included, every value already percent-encoded
   * (`odataEquals`, `encodeURIComponent`); or an absolute `@odata.nextLink`/`deltaLink` on `baseUrl`'s origin.
   */
  path: string;
  /** JSON body (serialised by the client). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Default `v1.0`. */
  version?: GraphVersion;
}

/** A successful (2xx) answer; `body` is the parsed JSON, or undefined when there was none. */
export interface GraphResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T | undefined;
}

/** One request of a JSON batch (§4.7). `id` is unique within the `batch()` call. */
export interface BatchRequest extends GraphRequest {
  id: string;
  /** Ids of requests in the same call that must succeed first; the client keeps a chain in one batch. */
  dependsOn?: string[];
}

/** The final answer to one batch request; a failure (status ≥ 400) is data here, with `error` mapped. */
export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  error: MfaError | null;
}

/** What a delta round returned: every changed item and the link to ask next time (§4.6). */
export interface DeltaResult<T> {
  items: T[];
  deltaLink: string;
}

/**
 * The Graph operations the provisioning engine uses. Contracts:
 * - results are plain data; a non-2xx answer is an `MfaError`: `ERR_GRAPH` (data `{ status, graphCode,
 *   requestId, message, details }`), `ERR_GRAPH_THROTTLED` when 429s outlast the retries, `ERR_GRAPH_AUTH`
 *   when no token can be had or Graph refuses it (401). Error data never holds a token or a secret;
 * - 429, 408, 5xx, timeouts and network faults are retried (`graph.maxRetries`, Retry-After honoured,
 *   otherwise exponential back-off with full jitter); writes are paced under `graph.writesPerWindow`;
 * - lookups that find nothing return null, not an error.
 */
export interface GraphCore {
  request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>>;
  /**
   * Sends requests as JSON batches of at most 20 (one version per call), keeping each `dependsOn` chain
   * in one batch; inner 429/5xx are retried alone after their own Retry-After, together with the
   * requests that failed with 424 because of them. Up to `concurrency` batches (default 4) are in
   * flight at once. Results come back in input order.
   */
  batch(requests: readonly BatchRequest[], options?: { version?: GraphVersion; concurrency?: number }): Promise<BatchResult[]>;
  /** Every page of a collection, following `@odata.nextLink`. */
  pages<T>(path: string, options?: { version?: GraphVersion }): AsyncGenerator<T[]>;
  /** All items of a collection (every page). */
  listAll<T>(path: string, options?: { version?: GraphVersion }): Promise<T[]>;
  /** One delta round from a first query (`/users/delta?$select=…`) or a stored `deltaLink`. */
  delta<T>(pathOrDeltaLink: string): Promise<DeltaResult<T>>;
}

export interface GraphClient extends GraphCore, UserOperations, DomainOperations, OathDeviceOperations {
  /** Releases sockets; the client must not be used afterwards. */
  close(): Promise<void>;
}
