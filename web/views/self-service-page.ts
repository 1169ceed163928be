// SPDX-License-Identifier: UNLICENSED
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

/** What the activation form shows: its transaction and form token, and what the person typed last time. */
export interface ActivateTokenForm {
  transactionId: string;
  csrf: string;
  upn: string;
  serial: string;
}

/**
 * `/me/tokens/activate`: a plain POST form (no script, works in Office's embedded web views) for the UPN, the
 * password, the token's serial and the code it shows, with the one failure message when the last try failed.
 * The password and the code are never echoed back.
 */
export function selfServicePage(form: ActivateTokenForm, failure: string | null): SafeHtml {
  return pageLayout({
    title: 'Activate your token',
    body: html`<h1>Activate your token</h1>
<p class="purpose">Make a token from your helpdesk yours: sign in with your work account, then type the serial printed on the token and the code it shows now.</p>
${failure === null ? null : html`<p class="error" role="alert">${failure}</p>`}
<form method="post" action="/me/tokens/activate">
<input type="hidden" name="tx" value="${form.transactionId}">
<input type="hidden" name="csrf" value="${form.csrf}">
<label for="upn">Work account</label>
<input id="upn" name="upn" type="text" inputmode="email" autocomplete="username" autocapitalize="off" spellcheck="false" maxlength="256" required autofocus placeholder="name@contoso.com" value="${form.upn}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required>
<label for="serial">Serial number on the token</label>
<input id="serial" name="serial" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required value="${form.serial}">
<label for="code">Code the token shows now</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="16" required>
<button type="submit">Activate</button>
</form>`,
  });
}
