// SPDX-License-Identifier: UNLICENSED
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import type { Logger } from '../../../agent/log/logger.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { errorHandler, notFound } from '../../../web/middleware/error-handler.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(logged: unknown[] = []): Promise<string> {
  const app = express();
  app.get('/signin', () => {
    throw new MfaError('ERR_SIGNIN_EXPIRED', 'this sign-in has expired <script>');
  });
  app.get('/federation/saml/sso', () => {
    throw new MfaError('ERR_SAML_REQUEST', 'SAML request refused: AssertionConsumerServiceURL "https://evil" is not login.srf');
  });
  app.get('/api/v1/boom', () => {
    throw new MfaError('ERR_BAD_REQUEST', 'bad');
  });
  app.get('/helpdesk/crash', () => {
    throw new Error('secret internals at /srv/app.ts:12');
  });
  app.use(notFound);
  const logger: Logger = { ...createNullLogger(), error: (obj: object) => logged.push(obj) };
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('errorHandler: pages and JSON', () => {
  it('renders page routes as an HTML page with the status, escaped message, code and the page headers', async () => {
    const url = await serve();
    const res = await fetch(`${url}/signin`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    expect(body).toContain('<h1>This sign-in has expired</h1>');
    expect(body).toContain('this sign-in has expired &lt;script&gt;');
    expect(body).toContain('ERR_SIGNIN_EXPIRED');
    const saml = await fetch(`${url}/federation/saml/sso`);
    expect([saml.status, await saml.text()]).toEqual([400, expect.stringContaining('The sign-in request was refused') as unknown]);
  });

  it('keeps JSON under /api/ even for a browser, and for clients that do not ask for HTML', async () => {
    const url = await serve();
    const api = await fetch(`${url}/api/v1/boom`, { headers: { accept: 'text/html' } });
    expect(await api.json()).toEqual({ code: 'ERR_BAD_REQUEST', message: 'bad' });
    expect(await (await fetch(`${url}/nope`)).json()).toEqual({ code: 'ERR_NOT_FOUND', message: 'not found' });
    const html = await fetch(`${url}/nope`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(await html.text()).toContain('There is no page at this address.');
  });

  it('hides faults: a generic page, no stack or internals, the detail logged', async () => {
    const logged: unknown[] = [];
    const url = await serve(logged);
    const res = await fetch(`${url}/helpdesk/crash`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('ERR_INTERNAL');
    expect(body).not.toMatch(/secret internals|\.ts:\d+|\n\s+at /);
    expect(logged).toHaveLength(1);
  });
});
