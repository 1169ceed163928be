// SPDX-License-Identifier: UNLICENSED
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

export interface MessagePageOptions {
  title: string;
  message: string;
  /** A technical line under the message (an error code, a request id); shown in small print. */
  detail?: string | null;
  /** Shown as an error (red) rather than plain information. */
  error?: boolean;
}

/** A page that only says something: signed out, an error. */
export function messagePage(options: MessagePageOptions): SafeHtml {
  return pageLayout({
    title: options.title,
    body: html`<h1>${options.title}</h1>
<p${options.error ? html` class="error" role="alert"` : null}>${options.message}</p>
${options.detail ? html`<p class="detail">${options.detail}</p>` : null}`,
  });
}
