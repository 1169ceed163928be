// SPDX-License-Identifier: UNLICENSED
import type { GraphError } from './graph-error.js';
import type { GraphResponse } from './graph-request.js';

/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id }, details? } }`. */
export function renderGraphError(err: GraphError, ids: { requestId: string; clientRequestId: string; date: string }): GraphResponse {
  const error: Record<string, unknown> = {
    code: err.code,
    message: err.message,
    innerError: { date: ids.date, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
  };
  if (err.details) error.details = err.details;
  return { status: err.status, headers: { ...err.headers }, body: { error } };
}
