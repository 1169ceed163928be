// SPDX-License-Identifier: UNLICENSED
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebApp } from '../../web/app.js';
import { errorHandler } from '../../web/middleware/error-handler.js';
import { createMetrics } from '../../agent/ops/create-metrics.js';
import { checkReadiness } from '../../agent/ops/check-readiness.js';
import { createNullLogger, type Logger } from '../../agent/log/logger.js';
import { MfaError } from '../../agent/errors.js';
import { createNetworkMatcher } from '../../agent/net/network-matcher.js';
import { useTestWorld } from '../helpers/open-test-store.js';
import { fixedClock } from '../helpers/fixed-clock.js';

const world = useTestWorld();
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function appUrl() {
  const w = await world();
  const metrics = createMetrics({ defaultMetrics: false });
  const app = createWebApp({ logger: createNullLogger(), clock: fixedClock(), metrics, readiness: () => checkReadiness(w.store), trustedProxies: createNetworkMatcher([]), options: { bodyLimitBytes: 1024 } });
  return { url: await listen(app), w, metrics };
}

describe('createWebApp', () => {
  it('answers /healthz and /readyz with helmet headers and no x-powered-by', async () => {
    const { url } = await appUrl();
    const h = await fetch(`${url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    expect(h.headers.get('x-powered-by')).toBeNull();
    expect(h.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(h.headers.get('x-content-type-options')).toBe('nosniff');
    const r = await fetch(`${url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ready', checks: { store: 'ok', schema: 'current' } });
  });

  it('reports not ready (503) once the store is closed', async () => {
    const { url, w } = await appUrl();
    await w.store.close();
    const r = await fetch(`${url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'not_ready', checks: { store: 'down' } });
  });

  it('serves Prometheus text with request durations labelled by route template', async () => {
    const { url } = await appUrl();
    await fetch(`${url}/healthz`);
    await fetch(`${url}/no/such/path/123`);
    const m = await fetch(`${url}/metrics`);
    expect(m.headers.get('content-type')).toContain('text/plain');
    const body = await m.text();
    expect(body).toMatch(/mfa_appliance_http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/healthz"[^}]*status="200"[^}]*\} 1/);
    expect(body).toMatch(/route="unmatched",status="404"/);
    expect(body).not.toContain('/no/such/path');
    expect(body).toContain('mfa_appliance_store_up');
  });

  it('renders unknown routes as { code, message }', async () => {
    const { url } = await appUrl();
    const r = await fetch(`${url}/nope`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ code: 'ERR_NOT_FOUND', message: 'not found' });
  });
});

describe('errorHandler', () => {
  function appWith(logged: unknown[]): express.Express {
    const logger: Logger = { ...createNullLogger(), error: (o) => { logged.push(o); } };
    const app = express();
    app.post('/json', express.json({ limit: 64 }), (req, res) => { res.json(req.body); });
    app.get('/boom', () => { throw new Error('db password is hunter2 at /var/lib/x'); });
    app.get('/mfa5xx', () => { throw new MfaError('ERR_STORE', 'disk full on /dev/sda1'); });
    app.get('/mfa4xx', () => { throw new MfaError('ERR_INVALID_UPN', 'bad upn', { data: { upn: 'x' } }); });
    app.use(errorHandler(logger));
    return app;
  }

  it('hides 5xx details from the client but logs them, and shows 4xx messages', async () => {
    const logged: unknown[] = [];
    const url = await listen(appWith(logged));
    const boom = await fetch(`${url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ code: 'ERR_INTERNAL', message: 'internal error' });
    const store = await fetch(`${url}/mfa5xx`);
    expect(await store.json()).toEqual({ code: 'ERR_INTERNAL', message: 'internal error' });
    expect(logged).toHaveLength(2);
    const bad = await fetch(`${url}/mfa4xx`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'ERR_INVALID_UPN', message: 'bad upn' });
  });

  it('maps malformed and oversized JSON bodies to 400 and 413 with codes', async () => {
    const url = await listen(appWith([]));
    const malformed = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ code: 'ERR_BAD_REQUEST', message: 'request body is not valid JSON' });
    const huge = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(500) }) });
    expect(huge.status).toBe(413);
    expect((await huge.json()) as { code: string }).toMatchObject({ code: 'ERR_BODY_TOO_LARGE' });
  });
});
