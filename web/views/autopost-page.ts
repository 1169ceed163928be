// SPDX-License-Identifier: UNLICENSED
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

export interface AutopostForm {
  /** Where the form posts (Entra's login.srf). */
  url: string;
  /** Hidden fields, e.g. `SAMLResponse` and `RelayState`, or `wa`, `wresult` and `wctx`. */
  fields: Readonly<Record<string, string>>;
}

/**
 * The response page of a federation sign-in or sign-out: a POST form of hidden fields that
 * `/static/autopost.js` submits at once (no inline script); without script a Continue button shows.
 */
export function autopostPage(form: AutopostForm, title = 'Signing you in'): SafeHtml {
  return pageLayout({
    title,
    scripts: ['autopost.js'],
    body: html`<h1>${title}</h1>
<form id="autopost" method="post" action="${form.url}">
${Object.entries(form.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<p class="muted">Taking you back to Microsoft 365…</p>
<noscript><p>Script is turned off in this browser. Select Continue to go on.</p><button type="submit">Continue</button></noscript>
</form>`,
  });
}
