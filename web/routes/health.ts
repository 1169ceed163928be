// SPDX-License-Identifier: UNLICENSED
import { Router } from 'express';
import type { WebDeps } from '../web-deps.js';

/**
 * `GET /healthz`: the process serves HTTP (200 always). `GET /readyz`: 200 when the store answers and
 * its schema is current, else 503; both bodies are JSON with the individual checks.
 */
export function healthRoutes(deps: Pick<WebDeps, 'readiness' | 'metrics'>): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const readiness = await deps.readiness();
    deps.metrics.storeUp.set(readiness.ready ? 1 : 0);
    res.set('Cache-Control', 'no-store').status(readiness.ready ? 200 : 503).json({
      status: readiness.ready ? 'ready' : 'not_ready',
      ...readiness,
    });
  });
  return r;
}
