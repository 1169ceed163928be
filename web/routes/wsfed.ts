// SPDX-License-Identifier: UNLICENSED
import express, { Router, type RequestHandler } from 'express';
import { FEDERATION_PATHS } from '../../agent/federation/create-federation-service.js';
import { MULTIPLE_AUTHN } from '../../agent/federation/wsfed/wsfed-constants.js';
import { COOKIES, clearCookie, readCookie } from '../http/cookies.js';
import { singleField } from '../http/request-fields.js';
import { setBindingCookie, signinContext } from '../http/signin-context.js';
import { pageSecurityHeaders } from '../middleware/page-security-headers.js';
import { messagePage } from '../views/message-page.js';
import type { SigninWebDeps } from '../web-deps.js';

/**
 * WS-Federation passive endpoints for Entra (reached cross-site; no same-origin form check):
 * - `GET|POST /federation/wsfed?wa=wsignin1.0`: starts a sign-in transaction bound to this browser, then
 *   303 to `/signin`; `wfresh=0` / `prompt=login` force a fresh password and code, `wauth=…multipleauthn`
 *   forbids skipping the code;
 * - `wa=wsignout1.0` / `wsignoutcleanup1.0`: ends this browser's single sign-on session, then 303 to
 *   `wreply` when the WS-Fed reader accepted it (a Microsoft login URL), else a "signed out" page;
 * - `GET /FederationMetadata/2007-06/FederationMetadata.xml[?domain=]`: signed metadata.
 * Anything the reader refuses (unknown `wa`, wrong realm, foreign `wreply`) is a 400 page.
 */
export function wsfedRoutes(deps: SigninWebDeps, bodyLimitBytes: number): Router {
  const r = Router();
  const page = pageSecurityHeaders();
  const body = express.urlencoded({ extended: false, limit: bodyLimitBytes, parameterLimit: 30 });

  const passive: RequestHandler = async (req, res) => {
    const ctx = signinContext(req, res);
    const params = (req.method === 'POST' ? req.body ?? {} : req.query) as Record<string, unknown>;
    const request = await deps.federation.readWsfed(params, { clientIp: ctx.clientIp, endpoint: FEDERATION_PATHS.wsfed });
    if (request.action === 'wsignin1.0') {
      const started = await deps.flow.start('wsfed', {
        forceFresh: request.fresh, requireMfa: request.wauth === MULTIPLE_AUTHN, loginHint: request.username, returnTo: null, message: { ...request },
      }, ctx);
      setBindingCookie(req, res, started.bindingToken);
      res.redirect(303, `/signin?tx=${started.transactionId}`);
      return;
    }
    await deps.flow.signOut('sso', readCookie(req, COOKIES.sso), 'wsfed', ctx.clientIp);
    clearCookie(res, COOKIES.sso);
    if (request.wreply !== null) {
      res.redirect(303, request.wreply);
      return;
    }
    res.type('html').send(messagePage({ title: 'Signed out', message: 'You are signed out. You can close this window.' }).html);
  };

  r.get(FEDERATION_PATHS.wsfed, page, passive);
  r.post(FEDERATION_PATHS.wsfed, page, body, passive);
  r.get(FEDERATION_PATHS.wsfedMetadata, async (req, res) => {
    const xml = await deps.federation.wsfedMetadata(singleField(req.query, 'domain'));
    res.set('Cache-Control', 'public, max-age=3600').type('application/xml').send(xml);
  });
  return r;
}
