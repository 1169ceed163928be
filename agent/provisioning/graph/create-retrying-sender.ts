// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { GraphWire, WireRequest, WireResponse } from './create-sdk-wire.js';
import type { GraphHooks, RetryReason } from './graph-hooks.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Sleep } from './sleep.js';
import type { WritePacer } from './write-pacer.js';

/** `x-ms-throttle-information` value naming the write quota (reference §4.8). */
const WRITE_LIMIT_EXCEEDED = 'WriteLimitExceeded';
/** Fault reasons worth another attempt. */
const RETRYABLE_REASONS: ReadonlySet<string> = new Set(['timeout', 'network', 'server-error']);

export interface RetryingSenderDeps {
  wire: GraphWire;
  pacer: WritePacer;
  retry: RetryPolicy;
  clock: Clock;
  sleep: Sleep;
  hooks: GraphHooks;
}

/**
 * Sends one Graph request with pacing and retries. Contracts:
 * - each attempt first takes `writes` permits from the pacer (0 for a read);
 * - a retryable status (408/429/5xx) or fault (timeout, network, token authority 429/5xx — after its
 *   `data.retryAfterMs` when set) is retried while
 *   `retry.shouldRetry(attempt)`; a 429 pauses the pacer for its Retry-After (or a back-off) and, for
 *   the write quota, slows it; other retries sleep `retry.delay(attempt, Retry-After)`;
 * - resolves with the last response, whatever its status (the caller maps non-2xx); rejects with
 *   the last fault when retries are spent or the fault is not retryable (TLS, auth, protocol).
 */
export type RetryingSender = (request: WireRequest, writes: number) => Promise<WireResponse>;

export function createRetryingSender(deps: RetryingSenderDeps): RetryingSender {
  const { wire, pacer, retry, clock, sleep, hooks } = deps;
  return async (request, writes) => {
    for (let attempt = 0; ; attempt++) {
      await pacer.acquire(writes);
      const started = clock.now();
      let response: WireResponse;
      try {
        response = await wire.send(request);
      } catch (err) {
        hooks.onRequest?.({ method: request.method, path: pathOf(request), status: 0, durationMs: clock.now() - started, attempt, writes });
        const reason = err instanceof MfaError ? String(err.data.reason ?? '') : '';
        if (!RETRYABLE_REASONS.has(reason) || !retry.shouldRetry(attempt)) throw err;
        const after = err instanceof MfaError && typeof err.data.retryAfterMs === 'number' ? err.data.retryAfterMs : null;
        const delayMs = retry.delay(attempt, after);
        hooks.onRetry?.({ reason: reason as RetryReason, delayMs, attempt, count: 1 });
        hooks.onWait?.({ reason: 'backoff', ms: delayMs });
        await sleep(delayMs);
        continue;
      }
      hooks.onRequest?.({ method: request.method, path: pathOf(request), status: response.status, durationMs: clock.now() - started, attempt, writes });
      if (!retry.isRetryableStatus(response.status) || !retry.shouldRetry(attempt)) return response;
      const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now());
      const delayMs = retry.delay(attempt, retryAfter);
      if (response.status === 429) {
        const information = response.headers['x-ms-throttle-information'] ?? null;
        hooks.onThrottle?.({ retryAfterMs: retryAfter, information, scope: response.headers['x-ms-throttle-scope'] ?? null, count: 1 });
        hooks.onRetry?.({ reason: 'throttled', delayMs, attempt, count: 1 });
        pacer.throttled({ retryAfterMs: delayMs, writeLimit: information === WRITE_LIMIT_EXCEEDED || (information === null && writes > 0) });
      } else {
        hooks.onRetry?.({ reason: 'server-error', delayMs, attempt, count: 1 });
        hooks.onWait?.({ reason: 'backoff', ms: delayMs });
        await sleep(delayMs);
      }
    }
  };
}

const pathOf = (r: WireRequest): string => `/${r.version}${r.path.split('?')[0] ?? ''}`;
