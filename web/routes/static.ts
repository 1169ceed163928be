// SPDX-License-Identifier: UNLICENSED
import { Router } from 'express';
import { APP_CSS } from '../static/app-css.js';
import { AUTOPOST_JS } from '../static/autopost-js.js';
import { HELPDESK_CSS } from '../static/helpdesk-css.js';
import { PROGRAM_TOKEN_JS } from '../static/program-token-js.js';

/** The static files, served from string constants: `path` → content type and body. */
const FILES: Readonly<Record<string, { type: string; body: string }>> = {
  '/static/app.css': { type: 'text/css; charset=utf-8', body: APP_CSS + HELPDESK_CSS },
  '/static/autopost.js': { type: 'text/javascript; charset=utf-8', body: AUTOPOST_JS },
  '/static/program-token.js': { type: 'text/javascript; charset=utf-8', body: PROGRAM_TOKEN_JS },
};

/** `GET /static/*`: the page stylesheet and scripts, cacheable for an hour, never sniffed. */
export function staticRoutes(): Router {
  const r = Router();
  for (const [path, file] of Object.entries(FILES)) {
    r.get(path, (_req, res) => {
      res.set({ 'Content-Type': file.type, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).send(file.body);
    });
  }
  return r;
}
