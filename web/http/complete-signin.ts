// SPDX-License-Identifier: UNLICENSED
import type { Response } from 'express';
import { MfaError } from '../../agent/errors.js';
import type { SamlLoginRequest } from '../../agent/federation/saml/saml-idp.js';
import type { WsfedSigninRequest } from '../../agent/federation/wsfed/wsfed-request.js';
import type { SigninResult } from '../../agent/signin/signin-flow.js';
import { autopostPage } from '../views/autopost-page.js';
import type { SigninWebDeps } from '../web-deps.js';
import { COOKIES, cookieOptions } from './cookies.js';
import { safeReturnTo } from './safe-return-to.js';

/**
 * Answers a completed sign-in: sets the new session cookie (rotated: a fresh token), then a console
 * sign-in is redirected (303) to its `returnTo`, and a federation sign-in gets the signed token in the
 * auto-posting form to Entra.
 */
export async function completeSignin(res: Response, result: SigninResult, deps: Pick<SigninWebDeps, 'federation'>, clientIp: string): Promise<void> {
  if (result.session !== null) {
    res.cookie(result.session.kind === 'sso' ? COOKIES.sso : COOKIES.staff, result.session.token, cookieOptions(result.session.maxAgeMs));
  }
  if (result.purpose === 'staff') {
    res.redirect(303, safeReturnTo(result.request.returnTo));
    return;
  }
  if (result.domain === null) throw new MfaError('ERR_INTERNAL', 'a federation sign-in completed without a federated domain');
  const input = {
    user: result.user, domain: result.domain, authnInstant: result.authnInstant, mfa: result.mfa,
    insideCorporateNetwork: result.insideCorporateNetwork, sessionIndex: result.transactionId, clientIp,
  };
  // The message is what the SAML / WS-Fed reader returned when the transaction started, stored as JSON.
  const form = result.purpose === 'saml'
    ? await deps.federation.issueSaml(result.request.message as unknown as SamlLoginRequest, input)
    : await deps.federation.issueWsfed(result.request.message as unknown as WsfedSigninRequest, input);
  res.type('html').send(autopostPage(form).html);
}
