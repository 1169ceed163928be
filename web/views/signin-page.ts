// SPDX-License-Identifier: UNLICENSED
import type { SigninStep, SigninView } from '../../agent/signin/signin-flow.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

const PURPOSE: Readonly<Record<SigninView['purpose'], string>> = {
  saml: 'to continue to Microsoft 365',
  wsfed: 'to continue to Microsoft 365',
  staff: 'to the helpdesk console',
};

/** The hidden fields every step's form carries: the transaction, its form token, and the step. */
function hidden(view: SigninView): SafeHtml {
  return html`<input type="hidden" name="tx" value="${view.transactionId}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="step" value="${view.step}">`;
}

const FIELDS: Readonly<Record<SigninStep, (view: SigninView) => SafeHtml>> = {
  upn: (view) => html`<label for="upn">Work account</label>
<input id="upn" name="upn" type="text" inputmode="email" autocomplete="username" autocapitalize="off" spellcheck="false" maxlength="256" required autofocus placeholder="name@contoso.com" value="${view.upn ?? ''}">
<button type="submit">Next</button>`,
  password: (view) => html`<label for="account">Account</label>
<input id="account" name="username" type="text" autocomplete="username" value="${view.upn ?? ''}" readonly>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required autofocus>
<button type="submit">Sign in</button>`,
  code: (view) => html`<p>Signed in as <span class="account">${view.upn ?? ''}</span>.</p>
<label for="code">Code from your token</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="16" required autofocus>
<button type="submit">Verify</button>`,
};

/**
 * The page of one sign-in step: a plain POST form to `/signin` (no script, no pop-up), with the step's
 * uniform failure message when the last try failed.
 */
export function signinPage(view: SigninView, failure: string | null): SafeHtml {
  return pageLayout({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
<p class="purpose">${PURPOSE[view.purpose]}</p>
${failure === null ? null : html`<p class="error" role="alert">${failure}</p>`}
<form method="post" action="/signin">
${hidden(view)}
${FIELDS[view.step](view)}
</form>`,
  });
}
