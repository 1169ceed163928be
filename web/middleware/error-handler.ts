// SPDX-License-Identifier: UNLICENSED
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { MfaError, type MfaErrorCode } from '../../agent/errors.js';
import type { Logger } from '../../agent/log/logger.js';
import { messagePage } from '../views/message-page.js';
import { pageSecurityHeaders } from './page-security-headers.js';

/** Unmatched routes become `ERR_NOT_FOUND` without revealing what exists. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new MfaError('ERR_NOT_FOUND', 'not found'));
};

/** Paths whose errors are pages for a person (a browser or an embedded web view), not JSON. */
const PAGE_PREFIXES = ['/signin', '/federation/', '/FederationMetadata/', '/helpdesk', '/me', '/static/'];

/** Titles of the error page by code; anything else is "Something went wrong". */
const PAGE_TITLES: Partial<Record<MfaErrorCode, string>> = {
  ERR_SAML_REQUEST: 'The sign-in request was refused',
  ERR_WSFED_REQUEST: 'The sign-in request was refused',
  ERR_SIGNATURE: 'The sign-in request was refused',
  ERR_XML_MALFORMED: 'The sign-in request was refused',
  ERR_XML_FORBIDDEN: 'The sign-in request was refused',
  ERR_SIGNIN_EXPIRED: 'This sign-in has expired',
  ERR_CSRF: 'This form has expired',
  ERR_NOT_FOUND: 'Page not found',
  ERR_BODY_TOO_LARGE: 'The request was too large',
  ERR_BAD_REQUEST: 'The request was not understood',
};

/** HTML for page routes and for clients that ask for HTML; JSON always under `/api/`. */
function wantsHtml(req: Request): boolean {
  if (req.path.startsWith('/api/')) return false;
  if (PAGE_PREFIXES.some((p) => req.path === p.replace(/\/$/, '') || req.path.startsWith(p))) return true;
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * The single renderer of errors, with the error's status: `{ code, message }` as JSON, or, for page
 * routes and browsers (see `wantsHtml`), an HTML page with the same message, the code and the request
 * id, under the page security headers. Never a stack trace. Body-parser faults map to
 * `ERR_BODY_TOO_LARGE` (413) and `ERR_BAD_REQUEST` (400). Anything not exposable (5xx, unknown errors)
 * renders as `ERR_INTERNAL` / `internal error`; the detail goes to the log only, with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  const pageHeaders = pageSecurityHeaders();
  return (err: unknown, req, res, _next) => {
    const e = toMfaError(err);
    if (!e.expose) logger.error({ err, reqId: res.locals.reqId as unknown, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    const shown = e.expose ? { code: e.code, message: e.message } : { code: 'ERR_INTERNAL' as const, message: 'internal error' };
    if (wantsHtml(req)) {
      pageHeaders(req, res, () => undefined);
      const reqId = typeof res.locals.reqId === 'string' ? res.locals.reqId : null;
      const page = messagePage({
        title: PAGE_TITLES[shown.code] ?? 'Something went wrong',
        message: pageMessage(e),
        detail: `${shown.code}${reqId === null ? '' : ` · request ${reqId}`}`,
        error: true,
      });
      res.status(e.status).type('html').send(page.html);
      return;
    }
    res.status(e.status).type('application/json').send(JSON.stringify(shown));
  };
}

/** The sentence a person reads: the exposable message as it is (it may start with a parameter name); a generic one for faults. */
function pageMessage(e: MfaError): string {
  if (!e.expose) return 'The appliance could not complete this request. Try again; if it keeps happening, tell your helpdesk.';
  if (e.code === 'ERR_NOT_FOUND' && e.message === 'not found') return 'There is no page at this address.';
  return e.message;
}

function toMfaError(err: unknown): MfaError {
  if (err instanceof MfaError) return err;
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e.type === 'entity.too.large') return new MfaError('ERR_BODY_TOO_LARGE', 'request body too large');
  if (e.type === 'entity.parse.failed') return new MfaError('ERR_BAD_REQUEST', 'request body is not valid JSON');
  if (e.type === 'parameters.too.many') return new MfaError('ERR_BAD_REQUEST', 'too many form fields');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new MfaError('ERR_BAD_REQUEST', 'unsupported request body encoding');
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new MfaError('ERR_BAD_REQUEST', 'bad request', { status: e.status });
  }
  return new MfaError('ERR_INTERNAL', 'internal error', { cause: err });
}
