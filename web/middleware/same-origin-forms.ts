// SPDX-License-Identifier: UNLICENSED
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { MfaError } from '../../agent/errors.js';

/**
 * CSRF, first line: refuses a non-GET request that the browser marks as coming from another site
 * (`Sec-Fetch-Site: cross-site` or `same-site`), or whose `Origin` is present and is not one of
 * `origins` (or `null`, as sandboxed frames send). Requests without either header (old clients, curl)
 * pass to the second line: the per-form token (`formTokenMatches`). Not for the federation endpoints,
 * which Entra legitimately reaches cross-site.
 */
export function sameOriginForms(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const foreignSite = site === 'cross-site' || site === 'same-site';
    const foreignOrigin = origin !== undefined && !allowed.has(origin) && origin !== selfOrigin(req);
    if (foreignSite || foreignOrigin) {
      return next(new MfaError('ERR_CSRF', 'this form was not sent from this site; reload the page and try again', { data: { origin: origin ?? null, site: site ?? null } }));
    }
    next();
  };
}

/** The origin this request was addressed to (`Host` header), for deployments reached by several names. */
function selfOrigin(req: Parameters<RequestHandler>[0]): string {
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

/** CSRF, second line: the form's hidden token equals the one issued with the page, compared in constant time. */
export function formTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length || expected.length === 0) return false;
  return timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'));
}
