// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../ports/clock.js';
import { createTokenBucket } from './create-token-bucket.js';
import { GraphError } from './graph-error.js';
import type { GraphRequest } from './graph-request.js';
import { resourceUnitCost } from './resource-unit-cost.js';
import type { SandboxThrottleOptions } from './sandbox-tenant-options.js';

/** Reference §4.8 defaults: application + tenant scope, tenant size S. */
const WRITES_PER_WINDOW = 3000;
const WRITE_WINDOW_MS = 150_000;
const RESOURCE_UNITS_PER_WINDOW = 3500;
const RESOURCE_UNIT_WINDOW_MS = 10_000;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export interface Throttle {
  /**
   * Charges one Graph request (never `$batch` itself: its inner requests are charged one by one).
   * Returns the response headers to add (`x-ms-resource-unit`, `x-ms-throttle-limit-percentage` above
   * 80 %), or throws GraphError 429 with `Retry-After` (whole seconds, ≥ 1), `x-ms-throttle-scope` and
   * `x-ms-throttle-information` (`WriteLimitExceeded` | `ResourceUnitLimitExceeded`). A refused request
   * consumes nothing.
   */
  charge(req: GraphRequest, appId: string, tenantId: string): Record<string, string>;
}

export function createThrottle(opts: SandboxThrottleOptions, clock: Clock): Throttle {
  const writes = createTokenBucket(opts.writesPerWindow ?? WRITES_PER_WINDOW, opts.windowMs ?? WRITE_WINDOW_MS);
  const units = createTokenBucket(opts.resourceUnitsPerWindow ?? RESOURCE_UNITS_PER_WINDOW, opts.resourceUnitWindowMs ?? RESOURCE_UNIT_WINDOW_MS);
  const refuse = (retryAfterMs: number, info: string, scope: string): GraphError => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new GraphError(429, 'TooManyRequests', `Too many requests. Retry after ${seconds} seconds.`, {
      headers: { 'retry-after': String(seconds), 'x-ms-throttle-scope': scope, 'x-ms-throttle-information': info },
    });
  };
  return {
    charge(req, appId, tenantId) {
      const now = clock.now();
      const cost = resourceUnitCost(req);
      const isWrite = WRITE_METHODS.has(req.method);
      if (isWrite) {
        const w = writes.take(1, now);
        if (!w.ok) throw refuse(w.retryAfterMs, 'WriteLimitExceeded', `Tenant_Application/ReadWrite/${appId}/${tenantId}`);
      }
      const u = units.take(cost, now);
      if (!u.ok) {
        if (isWrite) writes.take(-1, now);
        throw refuse(u.retryAfterMs, 'ResourceUnitLimitExceeded', `Tenant_Application/${isWrite ? 'ReadWrite' : 'Read'}/${appId}/${tenantId}`);
      }
      const headers: Record<string, string> = { 'x-ms-resource-unit': String(cost) };
      const usage = Math.max(units.usage(now), isWrite ? writes.usage(now) : 0);
      if (usage > 0.8) headers['x-ms-throttle-limit-percentage'] = (usage * 1.0).toFixed(1);
      return headers;
    },
  };
}
