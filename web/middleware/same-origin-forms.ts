// SPDX-License-Identifier: UNLICENSED
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { MfaError } from '../../agent/errors.js';

/**
 * CSRF, first line, for a non-GET request:
 * - `Sec-Fetch-Site: same-origin` passes: browsers set it and scripts cannot, so it is proof of origin
 *   even when `Origin` is `null` (as Chromium sends from a page whose referrer policy hides it);
 * - `Sec-Fetch-Site: cross-site` or `same-site` is refused;
 * - otherwise an `Origin` that is present and is neither one of `origins` nor the request's own is
 *   refused (`null`, as sandboxed frames send, included).
 * Requests without either header (old clients, curl) pass to the second line: the per-form token
 * (`formTokenMatches`). Not for the federation endpoints, which Entra legitimately reaches cross-site.
 */
export function sameOriginForms(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const site = req.headers['sec-fetch-site'];
    if (site === 'same-origin') return next();
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
