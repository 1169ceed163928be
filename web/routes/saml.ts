// SPDX-License-Identifier: UNLICENSED
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { FEDERATION_PATHS } from '../../agent/federation/create-federation-service.js';
import { AC_MULTIPLE_AUTHN } from '../../agent/federation/saml/saml-constants.js';
import type { SamlRequestInput } from '../../agent/federation/saml/saml-idp.js';
import { MAX_SAML_PARAMETER_CHARS } from '../../agent/federation/saml/saml-limits.js';
import { COOKIES, clearCookie, readCookie } from '../http/cookies.js';
import { rawQuery, singleField } from '../http/request-fields.js';
import { setBindingCookie, signinContext } from '../http/signin-context.js';
import { pageSecurityHeaders } from '../middleware/page-security-headers.js';
import { autopostPage } from '../views/autopost-page.js';
import type { SigninWebDeps } from '../web-deps.js';

/**
 * Largest HTTP-POST body on the SAML endpoints: a `SAMLRequest` of the SAML reader's own bound, every
 * character percent-encoded, plus room for `RelayState`. Within it, the reader's bounds apply (400 with
 * the rule that failed); beyond it, 413.
 */
const SAML_FORM_LIMIT = 3 * MAX_SAML_PARAMETER_CHARS + 8 * 1024;

/** `prompt=login` (sent by Entra with promptLoginBehavior `nativeSupport`) forces a fresh sign-in, like `ForceAuthn`. */
function promptsLogin(fields: unknown): boolean {
  const prompt = singleField(fields, 'prompt');
  return prompt !== null && prompt.split(' ').includes('login');
}

/**
 * The protocol message as received: HTTP-POST from the urlencoded body, HTTP-Redirect from the query,
 * with the raw query string for the signature check (values are handed on untouched: the SAML reader
 * refuses repeated or non-string parameters itself).
 */
function samlInput(req: Request): SamlRequestInput {
  if (req.method === 'POST') {
    const b = (req.body ?? {}) as Record<string, unknown>;
    return { binding: 'post', SAMLRequest: b.SAMLRequest, RelayState: b.RelayState };
  }
  const q = req.query as Record<string, unknown>;
  return { binding: 'redirect', SAMLRequest: q.SAMLRequest, RelayState: q.RelayState, SigAlg: q.SigAlg, Signature: q.Signature, rawQuery: rawQuery(req.originalUrl) };
}

/**
 * SAML 2.0 endpoints for Entra (reached cross-site, so no same-origin form check; every message is
 * verified by the SAML reader instead):
 * - `POST|GET /federation/saml/sso`: an AuthnRequest starts a sign-in transaction bound to this browser,
 *   then 303 to `/signin` (`ForceAuthn` or `prompt=login` force a fresh password and code; a requested
 *   multipleauthn context forbids skipping the code; `IsPassive` is not honoured: Entra does not send it);
 * - `GET|POST /federation/saml/slo`: a LogoutRequest ends this browser's single sign-on session and
 *   posts the LogoutResponse back;
 * - `GET /federation/saml/metadata.xml[?domain=]`: signed IdP metadata with that domain's issuer.
 * Refused messages are 400 pages (`federation.request_rejected` is audited by the federation service).
 */
export function samlRoutes(deps: SigninWebDeps, bodyLimitBytes: number): Router {
  const r = Router();
  const page = pageSecurityHeaders();
  const body = express.urlencoded({ extended: false, limit: Math.max(bodyLimitBytes, SAML_FORM_LIMIT), parameterLimit: 20 });

  const sso: RequestHandler = async (req, res) => {
    const ctx = signinContext(req, res);
    const request = await deps.federation.readSamlLogin(samlInput(req), { clientIp: ctx.clientIp, endpoint: FEDERATION_PATHS.samlSso });
    const forceFresh = request.forceAuthn || promptsLogin(req.query) || (req.method === 'POST' && promptsLogin(req.body));
    const requireMfa = request.requestedAuthnContexts.includes(AC_MULTIPLE_AUTHN);
    const started = await deps.flow.start('saml', { forceFresh, requireMfa, loginHint: null, returnTo: null, message: { ...request } }, ctx);
    setBindingCookie(req, res, started.bindingToken);
    res.redirect(303, `/signin?tx=${started.transactionId}`);
  };

  const slo: RequestHandler = async (req: Request, res: Response) => {
    const ctx = signinContext(req, res);
    const request = await deps.federation.readSamlLogout(samlInput(req), { clientIp: ctx.clientIp, endpoint: FEDERATION_PATHS.samlSlo });
    const upn = await deps.flow.signOut('sso', readCookie(req, COOKIES.sso), 'saml', ctx.clientIp);
    clearCookie(res, COOKIES.sso);
    const form = await deps.federation.samlLogoutResponse(request, upn);
    res.type('html').send(autopostPage(form, 'Signing you out').html);
  };

  r.post(FEDERATION_PATHS.samlSso, page, body, sso);
  r.get(FEDERATION_PATHS.samlSso, page, sso);
  r.get(FEDERATION_PATHS.samlSlo, page, slo);
  r.post(FEDERATION_PATHS.samlSlo, page, body, slo);
  r.get(FEDERATION_PATHS.samlMetadata, async (req, res) => {
    const xml = await deps.federation.samlMetadata(singleField(req.query, 'domain'));
    res.set('Cache-Control', 'public, max-age=3600').type('application/samlmetadata+xml').send(xml);
  });
  return r;
}
