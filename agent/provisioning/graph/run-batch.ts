// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { RetryingSender } from './create-retrying-sender.js';
import type { BatchRequest, BatchResult, GraphVersion } from './graph-client.js';
import { graphError } from './graph-error.js';
import type { GraphHooks } from './graph-hooks.js';
import { parseGraphBody } from './parse-graph-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Sleep } from './sleep.js';
import type { WritePacer } from './write-pacer.js';

/** Inner status meaning "a request this one depends on failed" (reference §4.7). */
const FAILED_DEPENDENCY = 424;

export interface RunBatchDeps {
  send: RetryingSender;
  pacer: WritePacer;
  retry: RetryPolicy;
  clock: Clock;
  sleep: Sleep;
  hooks: GraphHooks;
}

interface InnerResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Runs one batch (≤ 20 requests, every `dependsOn` inside it) to completion. Each round POSTs the
 * pending requests to `/$batch` (the POST itself retried by `send`); afterwards inner 429/5xx answers
 * are pending again, with every request that got 424 because of one of them, until the retry policy
 * gives up on them. Inner 429s pause the pacer for the longest Retry-After among them. Results come
 * back keyed by id; failures carry their mapped `MfaError`.
 */
export async function runBatch(requests: readonly BatchRequest[], version: GraphVersion, deps: RunBatchDeps): Promise<Map<string, BatchResult>> {
  const { send, pacer, retry, clock, sleep, hooks } = deps;
  const results = new Map<string, BatchResult>();
  let pending = [...requests];
  for (let round = 0; pending.length > 0; round++) {
    const writes = pending.filter((r) => r.method !== 'GET').length;
    const body = JSON.stringify({ requests: pending.map((r) => toWire(r, new Set(pending.map((p) => p.id)))) });
    const response = await send({ method: 'POST', version, path: '/$batch', headers: { 'content-type': 'application/json' }, body }, writes);
    const parsed = parseGraphBody(response, response.status < 300);
    if (response.status >= 300) throw graphError({ method: 'POST', path: '/$batch', status: response.status, headers: response.headers, body: parsed });
    const answers = readResponses(parsed, response.status);
    const retryIds = new Set<string>();
    for (const r of pending) {
      const a = answers.get(r.id);
      if (a !== undefined && retry.isRetryableStatus(a.status) && retry.shouldRetry(round)) retryIds.add(r.id);
    }
    for (let grew = retryIds.size > 0; grew;) {
      grew = false;
      for (const r of pending) {
        if (retryIds.has(r.id) || answers.get(r.id)?.status !== FAILED_DEPENDENCY) continue;
        if ((r.dependsOn ?? []).some((d) => retryIds.has(d))) {
          retryIds.add(r.id);
          grew = true;
        }
      }
    }
    for (const r of pending) {
      if (retryIds.has(r.id)) continue;
      results.set(r.id, toResult(r, answers.get(r.id), version, clock.now()));
    }
    if (retryIds.size === 0) break;
    const retried = pending.filter((r) => retryIds.has(r.id));
    const answered = retried.map((r) => answers.get(r.id)).filter((a): a is InnerResponse => a !== undefined && a.status !== FAILED_DEPENDENCY);
    const throttled = answered.filter((a) => a.status === 429);
    const delayMs = Math.max(0, ...answered.map((a) => retry.delay(round, parseRetryAfter(header(a.headers, 'retry-after'), clock.now()))));
    if (throttled.length > 0) {
      const information = throttled.map((a) => header(a.headers, 'x-ms-throttle-information')).find((v) => v !== undefined) ?? null;
      hooks.onThrottle?.({ retryAfterMs: delayMs, information, scope: null, count: throttled.length });
      hooks.onRetry?.({ reason: 'throttled', delayMs, attempt: round, count: retried.length });
      pacer.throttled({ retryAfterMs: delayMs, writeLimit: information === 'WriteLimitExceeded' || information === null });
    } else {
      hooks.onRetry?.({ reason: 'server-error', delayMs, attempt: round, count: retried.length });
      hooks.onWait?.({ reason: 'backoff', ms: delayMs });
      await sleep(delayMs);
    }
    pending = retried;
  }
  for (const r of requests) if (!results.has(r.id)) results.set(r.id, toResult(r, undefined, version, clock.now()));
  return results;
}

function toWire(r: BatchRequest, ids: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, method: r.method, url: r.path };
  const dependsOn = (r.dependsOn ?? []).filter((d) => ids.has(d));
  if (dependsOn.length > 0) out.dependsOn = dependsOn;
  if (r.body !== undefined) {
    out.headers = { 'Content-Type': 'application/json', ...(r.headers ?? {}) };
    out.body = r.body;
  } else if (r.headers !== undefined) {
    out.headers = r.headers;
  }
  return out;
}

function readResponses(parsed: unknown, status: number): Map<string, InnerResponse> {
  const list = (parsed as { responses?: unknown } | undefined)?.responses;
  if (!Array.isArray(list)) {
    throw new MfaError('ERR_GRAPH', `Graph answered $batch with ${status} but no responses array`, { data: { reason: 'protocol', status } });
  }
  const out = new Map<string, InnerResponse>();
  for (const item of list as Array<Record<string, unknown>>) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((item.headers as Record<string, unknown> | undefined) ?? {})) headers[k.toLowerCase()] = String(v);
    out.set(String(item.id), { id: String(item.id), status: Number(item.status), headers, body: item.body });
  }
  return out;
}

const header = (h: Record<string, string>, name: string): string | undefined => h[name];

function toResult(r: BatchRequest, a: InnerResponse | undefined, version: GraphVersion, now: number): BatchResult {
  if (a === undefined) {
    const error = new MfaError('ERR_GRAPH', `Graph $batch returned no response for request ${r.id}`, { data: { reason: 'protocol', status: 0, id: r.id } });
    return { id: r.id, status: 0, headers: {}, body: undefined, error };
  }
  const ok = a.status >= 200 && a.status < 300;
  const retryAfterMs = parseRetryAfter(a.headers['retry-after'], now);
  const error = ok ? null : graphError({ method: r.method, path: `/${version}${r.path}`, status: a.status, headers: a.headers, body: a.body, retryAfterMs });
  return { id: r.id, status: a.status, headers: a.headers, body: a.body, error };
}
