// SPDX-License-Identifier: UNLICENSED
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { MfaError } from '../../../agent/errors.js';
import type { VerifyApiDeps } from '../../web-deps.js';

const CODE = /^[0-9]{6,8}$/;
const MAX_USER = 256;

/** Validated body of `POST /api/v1/verify`. */
interface VerifyBody {
  user: string;
  code: string;
}

/**
 * Body rules: a JSON object with exactly the string fields `user` (1–256 characters, trimmed) and
 * `code` (6–8 ASCII digits; surrounding spaces are tolerated). Anything else is `ERR_BAD_REQUEST` naming the field.
 */
function parseVerifyBody(body: unknown): VerifyBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MfaError('ERR_BAD_REQUEST', 'expected a JSON object {"user": "...", "code": "..."} with Content-Type: application/json');
  }
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => k !== 'user' && k !== 'code');
  if (extra.length) throw new MfaError('ERR_BAD_REQUEST', `unknown field ${JSON.stringify(extra[0])}`, { data: { field: extra[0] } });
  if (typeof b.user !== 'string' || b.user.trim() === '' || b.user.length > MAX_USER) {
    throw new MfaError('ERR_BAD_REQUEST', `"user" must be a non-empty string of at most ${MAX_USER} characters`, { data: { field: 'user' } });
  }
  if (typeof b.code !== 'string' || !CODE.test(b.code.trim())) {
    throw new MfaError('ERR_BAD_REQUEST', '"code" must be a string of 6 to 8 digits', { data: { field: 'code' } });
  }
  return { user: b.user.trim(), code: b.code.trim() };
}

/**
 * Authenticates `Authorization: Bearer <api key>` against the caller's client address, then applies the
 * client's rate limit. Sets `res.locals.apiClient`. Failures: 401 (with `WWW-Authenticate`), 403 outside
 * the client's networks, 429 with `Retry-After`; repeated bad keys from one address are refused as 429.
 */
function authenticateClient(deps: VerifyApiDeps): RequestHandler {
  return async (req, res, next) => {
    const ip = res.locals.clientIp as string;
    if (deps.sourceLimiter.isBlocked(ip)) return next(rateLimited(60_000, res));
    const header = req.headers.authorization ?? '';
    const m = /^Bearer +(\S+)$/i.exec(header);
    if (!m?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="mfa-appliance"');
      return next(new MfaError('ERR_UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>'));
    }
    const check = await deps.authenticate(m[1], ip);
    if (!check.ok) {
      if (check.reason === 'network_not_allowed') return next(new MfaError('ERR_FORBIDDEN', 'this API key may not be used from this address'));
      deps.sourceLimiter.recordFailure(ip);
      res.setHeader('WWW-Authenticate', 'Bearer realm="mfa-appliance", error="invalid_token"');
      return next(new MfaError('ERR_UNAUTHORIZED', 'invalid API key'));
    }
    const take = deps.rateLimiter.take(check.client.id);
    if (!take.ok) return next(rateLimited(take.retryAfterMs, res));
    res.locals.apiClient = check.client;
    next();
  };
}

function rateLimited(retryAfterMs: number, res: Response): MfaError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.setHeader('Retry-After', String(seconds));
  return new MfaError('ERR_RATE_LIMITED', `too many requests; retry after ${seconds} s`, { data: { retryAfterSeconds: seconds } });
}

/** `POST /api/v1/verify {user, code}` → `{ ok, reason }`, for on-network servers holding an API key. */
export function verifyApiRoutes(deps: VerifyApiDeps, bodyLimitBytes: number): Router {
  const router = Router();
  router.use('/api/', (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    next();
  });
  router.post(
    '/api/v1/verify',
    authenticateClient(deps),
    express.json({ limit: bodyLimitBytes, strict: true, type: () => true }),
    async (req: Request, res: Response) => {
      const body = parseVerifyBody(req.body);
      const client = res.locals.apiClient as { name: string };
      const result = await deps.verifyUser({
        upn: body.user, code: body.code, purpose: 'api',
        actor: { id: `api:${client.name}`, source: res.locals.clientIp as string },
      });
      res.json({ ok: result.ok, reason: result.reason });
    },
  );
  return router;
}
