// SPDX-License-Identifier: UNLICENSED
import express, { Router, type Request, type Response } from 'express';
import { MfaError } from '../../agent/errors.js';
import type { SigninOutcome } from '../../agent/signin/signin-flow.js';
import { completeSignin } from '../http/complete-signin.js';
import { singleField } from '../http/request-fields.js';
import { safeReturnTo } from '../http/safe-return-to.js';
import { setBindingCookie, signinContext } from '../http/signin-context.js';
import { formTokenMatches, sameOriginForms } from '../middleware/same-origin-forms.js';
import { pageSecurityHeaders } from '../middleware/page-security-headers.js';
import { signinPage } from '../views/signin-page.js';
import type { SigninWebDeps } from '../web-deps.js';

/** The sign-in form posts a handful of short fields; anything bigger is not from our page. */
const FORM_LIMIT = '8kb';
const FORM_FIELDS = 10;

/**
 * The sign-in page and the console's sign-in entry:
 * - `GET /signin?tx=…` shows the current step, or completes at once by single sign-on;
 * - `POST /signin` (same-origin forms only, the transaction's form token required) takes one step;
 * - `GET /helpdesk/signin?returnTo=/helpdesk/…` starts a staff sign-in and redirects to `/signin`.
 * Every response carries the page security headers.
 */
export function signinRoutes(deps: SigninWebDeps): Router {
  const r = Router();
  const page = pageSecurityHeaders();
  const forms = sameOriginForms(deps.origins);
  const body = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: FORM_FIELDS });

  async function respond(req: Request, res: Response, outcome: SigninOutcome): Promise<void> {
    if (outcome.kind === 'step') {
      res.type('html').send(signinPage(outcome.view, outcome.failure).html);
      return;
    }
    await completeSignin(res, outcome.result, deps, signinContext(req, res).clientIp);
  }

  r.get('/signin', page, async (req, res) => {
    const tx = singleField(req.query, 'tx') ?? '';
    await respond(req, res, await deps.flow.open(tx, signinContext(req, res)));
  });

  r.post('/signin', page, forms, body, async (req, res) => {
    const fields: unknown = req.body;
    const tx = singleField(fields, 'tx') ?? '';
    const ctx = signinContext(req, res);
    const view = await deps.flow.current(tx, ctx);
    if (!formTokenMatches(view.csrf, singleField(fields, 'csrf'))) {
      throw new MfaError('ERR_CSRF', 'this form has expired or was not sent from this page; go back to the application and sign in again');
    }
    const input = {
      step: singleField(fields, 'step') ?? '',
      upn: singleField(fields, 'upn') ?? undefined,
      password: singleField(fields, 'password') ?? undefined,
      code: singleField(fields, 'code') ?? undefined,
    };
    await respond(req, res, await deps.flow.submit(tx, input, ctx));
  });

  r.get('/helpdesk/signin', page, async (req, res) => {
    const returnTo = safeReturnTo(singleField(req.query, 'returnTo'));
    const started = await deps.flow.start('staff', { forceFresh: true, requireMfa: true, loginHint: null, returnTo, message: {} }, signinContext(req, res));
    setBindingCookie(req, res, started.bindingToken);
    res.redirect(303, `/signin?tx=${started.transactionId}`);
  });

  return r;
}
