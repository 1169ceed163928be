// SPDX-License-Identifier: UNLICENSED
import express, { type Express } from 'express';
import helmet from 'helmet';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { clientAddress } from './middleware/client-address.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { verifyApiRoutes } from './routes/api/verify.js';
import { healthRoutes } from './routes/health.js';
import { helpdeskRoutes } from './routes/helpdesk.js';
import { metricsRoutes } from './routes/metrics.js';
import { samlRoutes } from './routes/saml.js';
import { selfServiceRoutes } from './routes/self-service.js';
import { signinRoutes } from './routes/sign-in.js';
import { staticRoutes } from './routes/static.js';
import { wsfedRoutes } from './routes/wsfed.js';
import type { WebDeps } from './web-deps.js';

/**
 * Builds the HTTP application without listening (the composition root or a test calls `listen`).
 * Security headers are helmet's defaults, and pages add their own strict set (`pageSecurityHeaders`);
 * errors render through one middleware, as `{ code, message }` or, for pages, as an HTML page.
 */
export function createWebApp(deps: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);
  app.use(requestMetrics(deps.metrics, deps.logger));
  app.use(clientAddress(deps.trustedProxies));
  // The JSON API sets its own few headers; helmet's page policies cost more than the handler itself.
  if (deps.verifyApi) app.use(verifyApiRoutes(deps.verifyApi, deps.options.bodyLimitBytes));
  app.use(helmet());
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(staticRoutes());
  if (deps.signin) {
    app.use(samlRoutes(deps.signin, deps.options.bodyLimitBytes));
    app.use(wsfedRoutes(deps.signin, deps.options.bodyLimitBytes));
    app.use(signinRoutes(deps.signin));
  }
  if (deps.selfService) app.use(selfServiceRoutes(deps.selfService));
  // After the sign-in routes, which own GET /helpdesk/signin.
  if (deps.helpdesk) app.use(helpdeskRoutes(deps.helpdesk));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
