// SPDX-License-Identifier: UNLICENSED
import type { Throttle } from './create-throttle.js';
import { GraphError } from './graph-error.js';
import type { GraphRequest, GraphResponse, HandlerContext } from './graph-request.js';
import { renderGraphError } from './render-graph-error.js';
import { routeGraphRequest } from './route-graph-request.js';

/**
 * Runs one authenticated Graph request (top-level, or one step of a `$batch`): throttle, route, and turn
 * a GraphError into Graph's error response. Every response carries `request-id`, `client-request-id`
 * (echoed, or a new one) and `Date`. A non-GraphError is a sandbox bug and propagates.
 */
export async function executeGraphRequest(ctx: HandlerContext, req: GraphRequest, appId: string, throttle: Throttle): Promise<GraphResponse> {
  const requestId = ctx.random.uuid();
  const clientRequestId = req.headers['client-request-id'] ?? requestId;
  const date = new Date(ctx.clock.now());
  const common = { 'request-id': requestId, 'client-request-id': clientRequestId, date: date.toUTCString() };
  let res: GraphResponse;
  try {
    const throttleHeaders = throttle.charge(req, appId, ctx.data.tenantId);
    res = await routeGraphRequest(ctx, req);
    res = { ...res, headers: { ...throttleHeaders, ...res.headers } };
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    res = renderGraphError(err, { requestId, clientRequestId, date: date.toISOString().replace(/\.\d{3}Z$/, '') });
  }
  const headers: Record<string, string> = { ...common, ...res.headers };
  if (res.body !== undefined) headers['content-type'] ??= 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  return { ...res, headers };
}
