// SPDX-License-Identifier: UNLICENSED
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MfaError } from '../../agent/errors.js';
import type { Logger } from '../../agent/log/logger.js';

/** Unmatched routes become `ERR_NOT_FOUND` without revealing what exists. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new MfaError('ERR_NOT_FOUND', 'not found'));
};

/**
 * The single renderer of errors: `{ code, message }` with the error's status. Body-parser faults map to
 * `ERR_BODY_TOO_LARGE` (413) and `ERR_BAD_REQUEST` (400). Anything not exposable (5xx, unknown errors)
 * renders as `ERR_INTERNAL` / `internal error`; the detail goes to the log only, with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = toMfaError(err);
    if (!e.expose) logger.error({ err, reqId: res.locals.reqId as unknown, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(e.status).type('application/json').send(
      JSON.stringify(e.expose ? { code: e.code, message: e.message } : { code: 'ERR_INTERNAL', message: 'internal error' }),
    );
  };
}

function toMfaError(err: unknown): MfaError {
  if (err instanceof MfaError) return err;
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e.type === 'entity.too.large') return new MfaError('ERR_BODY_TOO_LARGE', 'request body too large');
  if (e.type === 'entity.parse.failed') return new MfaError('ERR_BAD_REQUEST', 'request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new MfaError('ERR_BAD_REQUEST', 'unsupported request body encoding');
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new MfaError('ERR_BAD_REQUEST', 'bad request', { status: e.status });
  }
  return new MfaError('ERR_INTERNAL', 'internal error', { cause: err });
}
