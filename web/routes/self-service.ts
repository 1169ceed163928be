// SPDX-License-Identifier: UNLICENSED
import express, { Router } from 'express';
import { MfaError } from '../../agent/errors.js';
import type { FormTransactions } from '../../agent/signin/create-form-transactions.js';
import { STOCK_TOKEN_FAILURES, type StockTokenActivation, type StockTokenClaim } from '../../agent/tokens/activate-stock-token.js';
import { COOKIES, readCookie } from '../http/cookies.js';
import { singleField } from '../http/request-fields.js';
import { setBindingCookie } from '../http/signin-context.js';
import { pageSecurityHeaders } from '../middleware/page-security-headers.js';
import { formTokenMatches, sameOriginForms } from '../middleware/same-origin-forms.js';
import { messagePage } from '../views/message-page.js';
import { selfServicePage } from '../views/self-service-page.js';

/** What `selfServiceRoutes` needs, handed in by the composition root. */
export interface SelfServiceDeps {
  /** Browser-bound form transactions (purpose `self`): the forms' CSRF defence. */
  forms: FormTransactions;
  /** `activateStockToken` bound to its services; never throws for a refused attempt. */
  activateStockToken(claim: StockTokenClaim, clientIp: string): Promise<StockTokenActivation>;
  /** Origins forms may be posted from besides the request's own (`server.publicUrl`). */
  origins: readonly string[];
}

/** The page name its form transactions are bound to. */
const ACTIVATE_PAGE = 'activate-token';
/** Four short fields and two hidden ones; anything bigger is not from our page. */
const FORM_LIMIT = '8kb';
const FORM_FIELDS = 10;

/**
 * Self-service pages, for a person without a session:
 * - `GET /me/tokens/activate` opens a form transaction bound to this browser and shows the form;
 * - `POST /me/tokens/activate` (same-origin forms only, that transaction's form token required, else `ERR_CSRF`)
 *   activates a stock token: the success page, or the form again with the one failure message.
 * Every response carries the page security headers.
 */
export function selfServiceRoutes(deps: SelfServiceDeps): Router {
  const r = Router();
  const page = pageSecurityHeaders();
  const forms = sameOriginForms(deps.origins);
  const body = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: FORM_FIELDS });
  const clientIp = (locals: Record<string, unknown>): string => String(locals.clientIp ?? 'unknown');

  r.get('/me/tokens/activate', page, async (req, res) => {
    const opened = await deps.forms.open(ACTIVATE_PAGE, readCookie(req, COOKIES.binding));
    setBindingCookie(req, res, opened.bindingToken);
    res.type('html').send(selfServicePage({ ...opened, upn: '', serial: '' }, null).html);
  });

  r.post('/me/tokens/activate', page, forms, body, async (req, res) => {
    const fields: unknown = req.body;
    const tx = singleField(fields, 'tx') ?? '';
    const form = await deps.forms.current(ACTIVATE_PAGE, tx, readCookie(req, COOKIES.binding));
    if (!formTokenMatches(form.csrf, singleField(fields, 'csrf'))) {
      throw new MfaError('ERR_CSRF', 'this form has expired or was not sent from this page; open the page again');
    }
    const claim: StockTokenClaim = {
      upn: singleField(fields, 'upn') ?? '', password: singleField(fields, 'password') ?? '',
      serial: singleField(fields, 'serial') ?? '', code: singleField(fields, 'code') ?? '',
    };
    const outcome = await deps.activateStockToken(claim, clientIp(res.locals));
    if (!outcome.ok) {
      res.type('html').send(selfServicePage({ ...form, upn: claim.upn.trim(), serial: claim.serial.trim() }, STOCK_TOKEN_FAILURES[outcome.reason]).html);
      return;
    }
    await deps.forms.complete(form.transactionId);
    res.type('html').send(messagePage({ title: 'Token activated', message: `Token ${outcome.serial} is now yours; use it to sign in.` }).html);
  });

  return r;
}
