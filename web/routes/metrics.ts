// SPDX-License-Identifier: UNLICENSED
import { Router } from 'express';
import type { WebDeps } from '../web-deps.js';

/** `GET /metrics`: Prometheus text exposition of the daemon's own registry. */
export function metricsRoutes(deps: Pick<WebDeps, 'metrics'>): Router {
  const r = Router();
  r.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.set('Cache-Control', 'no-store').type(contentType).send(body);
  });
  return r;
}
