// SPDX-License-Identifier: UNLICENSED
import type { Request, Response } from 'express';
import type { SigninContext } from '../../agent/signin/signin-flow.js';
import { bindingCookieOptions, COOKIES, readCookie } from './cookies.js';

/** The sign-in context of a request: client address (`clientAddress` middleware) and the three cookies. */
export function signinContext(req: Request, res: Response): SigninContext {
  return {
    clientIp: String(res.locals.clientIp ?? 'unknown'),
    bindingToken: readCookie(req, COOKIES.binding),
    ssoToken: readCookie(req, COOKIES.sso),
    staffToken: readCookie(req, COOKIES.staff),
  };
}

/**
 * Sets the browser-binding cookie when it differs from what the browser sent. A browser session cookie:
 * it outlives one transaction so that sign-ins in several tabs share it.
 */
export function setBindingCookie(req: Request, res: Response, token: string): void {
  if (readCookie(req, COOKIES.binding) !== token) res.cookie(COOKIES.binding, token, bindingCookieOptions());
}
