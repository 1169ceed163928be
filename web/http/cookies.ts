// SPDX-License-Identifier: UNLICENSED
import type { CookieOptions, Request, Response } from 'express';

/**
 * Cookie names. The `__Host-` prefix makes the browser refuse them unless `Secure`, `Path=/` and
 * host-only, so a sibling subdomain cannot plant or shadow them.
 */
export const COOKIES = {
  /** Binds sign-in transactions to the browser that started them. */
  binding: '__Host-mfa_bind',
  /** Single sign-on session after a federation sign-in. */
  sso: '__Host-mfa_sso',
  /** Staff console session. */
  staff: '__Host-mfa_staff',
} as const;

/** `Secure; HttpOnly; SameSite=Lax; Path=/`, session lifetime unless `maxAgeMs` is given. */
export function cookieOptions(maxAgeMs?: number): CookieOptions {
  return { secure: true, httpOnly: true, sameSite: 'lax', path: '/', ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

/**
 * The browser-binding cookie's options: `SameSite=None`, so that Entra's cross-site POST of an
 * AuthnRequest carries it and a second sign-in started in another tab joins the same binding instead of
 * replacing it. It authenticates nothing (sessions are `Lax`); it only ties transactions to one browser,
 * and every form still needs the transaction's own token.
 */
export function bindingCookieOptions(): CookieOptions {
  return { secure: true, httpOnly: true, sameSite: 'none', path: '/' };
}

/** The value of one cookie of the request, or undefined. Parses the `Cookie` header (RFC 6265 §5.4). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

export function clearCookie(res: Response, name: string): void {
  res.clearCookie(name, { secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
}
