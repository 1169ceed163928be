// SPDX-License-Identifier: UNLICENSED
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { formTokenMatches, sameOriginForms } from '../../../web/middleware/same-origin-forms.js';
import { readCookie } from '../../../web/http/cookies.js';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(): Promise<string> {
  const app = express();
  app.use(sameOriginForms(['https://mfa.contoso.com']));
  app.all('/form', (req, res) => res.json({ ok: true, cookie: readCookie(req, '__Host-x') ?? null }));
  app.use((err: Error & { code?: string; status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ code: err.code });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('sameOriginForms', () => {
  test.each([
    ['no browser headers (curl)', {}, 200],
    ['our public origin', { origin: 'https://mfa.contoso.com' }, 200],
    ['same-origin fetch metadata', { 'sec-fetch-site': 'same-origin' }, 200],
    ['same-origin fetch metadata with Origin: null (Chromium under a strict referrer policy)', { origin: 'null', 'sec-fetch-site': 'same-origin' }, 200],
    ['a typed URL (none)', { 'sec-fetch-site': 'none' }, 200],
    ['a cross-site form', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
    ['a foreign Origin without fetch metadata', { origin: 'https://evil.example' }, 403],
    ['a sibling subdomain', { origin: 'https://evil.contoso.com', 'sec-fetch-site': 'same-site' }, 403],
    ['an opaque origin (sandboxed frame)', { origin: 'null' }, 403],
  ])('POST with %s → %i', async (_name, headers, status) => {
    const url = await serve();
    const res = await fetch(`${url}/form`, { method: 'POST', headers: headers as Record<string, string> });
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.json()).toEqual({ code: 'ERR_CSRF' });
  });

  test('GET is never refused, and the request\'s own origin is accepted', async () => {
    const url = await serve();
    expect((await fetch(`${url}/form`, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    expect((await fetch(`${url}/form`, { method: 'POST', headers: { origin: url } })).status).toBe(200);
  });

  test('readCookie finds one cookie among several, quoted or not', async () => {
    const url = await serve();
    const res = await fetch(`${url}/form`, { headers: { cookie: 'a=1; __Host-xy=2; __Host-x="v=3"' } });
    expect(await res.json()).toEqual({ ok: true, cookie: 'v=3' });
  });
});

describe('formTokenMatches', () => {
  test('accepts only the exact token', () => {
    expect(formTokenMatches('abc123', 'abc123')).toBe(true);
    expect(formTokenMatches('abc123', 'abc124')).toBe(false);
    expect(formTokenMatches('abc123', 'abc12')).toBe(false);
    expect(formTokenMatches('abc123', undefined)).toBe(false);
    expect(formTokenMatches('abc123', ['abc123'])).toBe(false);
    expect(formTokenMatches('', '')).toBe(false);
  });
});
