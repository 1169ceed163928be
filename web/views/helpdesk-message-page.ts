// SPDX-License-Identifier: UNLICENSED
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

export interface MessagePageOptions {
  title: string;
  message: string;
  /** What to do next, in one sentence. */
  hint?: string;
  links?: readonly { href: string; text: string }[];
  /** The console header, when the visitor is signed in. */
  header?: SafeHtml;
}

/** A page that says one thing: an error (403, 404, 409, a refused form), or "you are signed out". */
export function helpdeskMessagePage(o: MessagePageOptions): SafeHtml {
  return pageLayout({
    title: `${o.title} · Helpdesk`,
    body: html`${o.header}
<section class="hd-message">
<h1>${o.title}</h1>
<p>${o.message}</p>
${o.hint ? html`<p class="hd-hint">${o.hint}</p>` : null}
${o.links?.length ? html`<p class="hd-links">${o.links.map((l) => html`<a class="hd-button hd-button-secondary" href="${l.href}">${l.text}</a> `)}</p>` : null}
</section>`,
  });
}
