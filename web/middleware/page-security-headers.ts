// SPDX-License-Identifier: UNLICENSED
import type { RequestHandler } from 'express';

/**
 * Headers of every HTML page: a strict CSP with no inline script or style (scripts and styles come only
 * from this origin's `/static/`), forms may post only here and to Entra's login.srf, no framing, no
 * caching, no referrer to other sites. Pages must therefore never use inline `<script>`, `on…=` handlers or `style=`.
 */
export function pageSecurityHeaders(): RequestHandler {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self' https://login.microsoftonline.com",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  };
}
