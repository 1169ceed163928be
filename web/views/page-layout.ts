// SPDX-License-Identifier: UNLICENSED
import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Extra same-origin scripts under /static/ (e.g. `autopost.js`, `program-token.js`); never inline. */
  scripts?: readonly string[];
}

/**
 * The shell of every page: plain HTML that works in Office's embedded web views (no pop-ups, no
 * third-party resources), one stylesheet from `/static/app.css`, scripts only from `/static/`.
 */
export function pageLayout(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${options.title}</title>
<link rel="stylesheet" href="/static/app.css">
${(options.scripts ?? []).map((s) => html`<script src="/static/${s}" defer></script>`)}
</head>
<body>
<main class="card">
${options.body}
</main>
</body>
</html>`;
}
