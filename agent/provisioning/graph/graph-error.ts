// SPDX-License-Identifier: UNLICENSED
import { MfaError, type MfaErrorCode } from '../../errors.js';

/** A Graph error body (Graph's documented shape: `{ error: { code, message, innerError, details } }`). */
interface GraphErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    innerError?: Record<string, unknown>;
    innererror?: Record<string, unknown>;
    details?: unknown;
  };
}

/** One entry of `error.details` (e.g. `{ code: "ObjectConflict", target: "userPrincipalName" }`). */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target: string | null;
}

export interface GraphErrorInput {
  method: string;
  /** Path as requested; its query string is left out of the message and data. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, a string, or undefined. */
  body: unknown;
  /** Set when the answer is a 429 that outlasted the retries. */
  retryAfterMs?: number | null;
}

/**
 * Maps a non-2xx Graph answer to an `MfaError`: `ERR_GRAPH_THROTTLED` for 429, `ERR_GRAPH_AUTH` for
 * 401, else `ERR_GRAPH`. `data` is `{ status, graphCode, requestId, message, details, method, path }`
 * (+ `retryAfterMs` on 429), all copied from the answer; request headers (the bearer token) are never read.
 */
export function graphError(input: GraphErrorInput): MfaError {
  const err = (input.body as GraphErrorBody | undefined)?.error;
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const inner = err?.innerError ?? err?.innererror ?? {};
  const graphCode = text(err?.code);
  const message = text(err?.message);
  const requestId = text(inner['request-id']) ?? input.headers['request-id'] ?? null;
  const details = Array.isArray(err?.details) ? err.details.map(toDetail) : [];
  const path = input.path.split('?')[0] ?? input.path;
  const code: MfaErrorCode = input.status === 429 ? 'ERR_GRAPH_THROTTLED' : input.status === 401 ? 'ERR_GRAPH_AUTH' : 'ERR_GRAPH';
  const summary = [graphCode, message].filter((s) => s !== null).join(': ') || 'no error body';
  const data: Record<string, unknown> = { status: input.status, graphCode, requestId, message, details, method: input.method, path };
  if (input.status === 429) data.retryAfterMs = input.retryAfterMs ?? null;
  return new MfaError(code, `Graph ${input.method} ${path} failed with ${input.status}: ${summary}`, { data });
}

function toDetail(d: unknown): GraphErrorDetail {
  const o = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
  return {
    code: typeof o.code === 'string' ? o.code : '',
    message: typeof o.message === 'string' ? o.message : '',
    target: typeof o.target === 'string' ? o.target : null,
  };
}
