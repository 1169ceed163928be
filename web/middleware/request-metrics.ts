// SPDX-License-Identifier: UNLICENSED
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../agent/log/logger.js';
import type { Metrics } from '../../agent/ops/create-metrics.js';

/**
 * Gives each request an id (`X-Request-Id`, also `res.locals.reqId`), records its duration under the
 * matched route template (never the raw path, to bound label cardinality) and writes one debug line.
 */
export function requestMetrics(metrics: Metrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    const reqId = randomUUID();
    res.locals.reqId = reqId;
    res.setHeader('X-Request-Id', reqId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequestDuration.observe({ method: req.method, route: String(route), status: String(res.statusCode) }, seconds);
      logger.debug({ reqId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'http');
    });
    next();
  };
}
