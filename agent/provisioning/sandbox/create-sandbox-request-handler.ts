// SPDX-License-Identifier: UNLICENSED
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessTokenSigner } from './create-access-token-signer.js';
import type { FaultPlan } from './create-fault-plan.js';
import type { Throttle } from './create-throttle.js';
import { executeGraphRequest } from './execute-graph-request.js';
import { GraphError } from './graph-error.js';
import type { GraphRequest, GraphResponse, HandlerContext } from './graph-request.js';
import { handleBatch } from './handle-batch.js';
import { handleTokenRequest } from './handle-token-request.js';
import { openIdConfiguration } from './openid-configuration.js';
import { renderGraphError } from './render-graph-error.js';
import type { SandboxCounters, SandboxFault } from './sandbox-tenant.js';

/** Graph accepts request bodies up to 4 MB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const VERSIONS = new Set(['v1.0', 'beta']);

export interface SandboxRequestDeps {
  /** The context minus `origin`, which is taken from each request's Host header. */
  ctx: Omit<HandlerContext, 'origin'>;
  signer: AccessTokenSigner;
  throttle: Throttle;
  faults: FaultPlan;
  counters: SandboxCounters;
  tokenLifetimeSeconds: number;
  /** Requests left hanging by a `hang` fault, answered never; destroyed on close. */
  hanging: Set<ServerResponse>;
}

/** The Graph error an injected `status` fault answers with. */
function faultError(f: Extract<SandboxFault, { kind: 'status' }>): GraphError {
  return new GraphError(f.status, f.code ?? 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry.', {
    headers: f.retryAfterSeconds === undefined ? {} : { 'retry-after': String(f.retryAfterSeconds) },
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'content-type': headers['content-type'] ?? 'application/json; charset=utf-8' }) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/**
 * The HTTPS request listener: OIDC discovery and token endpoint under `/{tenant}/…`, Graph under
 * `/v1.0/…` and `/beta/…` (bearer token required: 401 `InvalidAuthenticationToken` otherwise), injected
 * faults first. Paths are percent-decoded per segment; query values as a form (`+` is a space).
 */
export function createSandboxRequestHandler(deps: SandboxRequestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { ctx, counters } = deps;
  const origin = (req: IncomingMessage): string => `https://${req.headers.host ?? 'localhost'}`;
  const ids = (headers: Record<string, string>): { requestId: string; clientRequestId: string; date: string } => {
    const requestId = ctx.random.uuid();
    return { requestId, clientRequestId: headers['client-request-id'] ?? requestId, date: new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, '') };
  };

  const authenticate = (headers: Record<string, string>, host: string): string => {
    const auth = headers.authorization ?? '';
    const fail = (message: string): GraphError => new GraphError(401, 'InvalidAuthenticationToken', message, { headers: { 'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' } });
    if (!/^Bearer /i.test(auth) || auth.length <= 7) throw fail('Access token is empty.');
    const result = deps.signer.verify(auth.slice(7).trim());
    if (!result.ok) {
      if (result.reason === 'expired') throw fail('Lifetime validation failed, the token is expired.');
      throw fail(result.reason === 'malformed' ? 'IDX14100: JWT is not well formed, there are no dots (.).' : 'Access token validation failure.');
    }
    const c = result.claims;
    if (c.xms_sbx_gen !== ctx.data.tokenGeneration) throw fail('Lifetime validation failed, the token is expired.');
    if (c.tid !== ctx.data.tenantId) throw fail('Access token validation failure. Invalid tenant.');
    if (c.aud !== GRAPH_AUDIENCE && c.aud !== host) throw fail('Access token validation failure. Invalid audience.');
    return c.appid;
  };

  const runGraph = async (hctx: HandlerContext, greq: GraphRequest, appId: string): Promise<GraphResponse> => {
    const kind = `${greq.method} ${greq.segments[0] ?? ''}`;
    counters.requests[kind] = (counters.requests[kind] ?? 0) + 1;
    const res = await executeGraphRequest(hctx, greq, appId, deps.throttle);
    if (res.status === 429) {
      const info = res.headers['x-ms-throttle-information'] ?? 'unknown';
      counters.throttled[info] = (counters.throttled[info] ?? 0) + 1;
    }
    return res;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.httpRequests += 1;
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = lowerHeaders(req);
    const raw = await readBody(req);
    const fault = deps.faults.take(method, url.pathname);
    if (fault?.kind === 'hang') {
      deps.hanging.add(res);
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value":[{"id":"');
      return;
    }
    if (fault?.kind === 'status') {
      const r = renderGraphError(faultError(fault), ids(headers));
      send(res, r.status, r.headers, r.body);
      return;
    }
    if (raw === null) {
      const r = renderGraphError(new GraphError(413, 'Request_EntityTooLarge', 'The request body exceeds 4 MB.'), ids(headers));
      send(res, r.status, r.headers, r.body);
      return;
    }
    const segments = url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
    const [first = '', ...rest] = segments;
    const here = origin(req);

    if (method === 'GET' && rest.join('/') === 'v2.0/.well-known/openid-configuration') {
      const known = first.toLowerCase() === ctx.data.tenantId || ctx.data.domains.has(first.toLowerCase());
      if (!known) {
        send(res, 400, {}, { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${first}' not found.`, error_codes: [90002] });
        return;
      }
      send(res, 200, {}, openIdConfiguration(here, ctx.data.tenantId));
      return;
    }
    if (method === 'GET' && rest.join('/') === 'discovery/v2.0/keys') {
      send(res, 200, {}, { keys: [] });
      return;
    }
    if (method === 'POST' && rest.join('/') === 'oauth2/v2.0/token') {
      const r = handleTokenRequest(
        { data: ctx.data, clock: ctx.clock, random: ctx.random, signer: deps.signer, lifetimeSeconds: deps.tokenLifetimeSeconds },
        { tenantSegment: first, form: new URLSearchParams(raw.toString('utf8')), origin: here },
      );
      if (r.status === 200) counters.tokensIssued += 1;
      send(res, r.status, { 'cache-control': 'no-store, no-cache' }, r.body);
      return;
    }
    if (!VERSIONS.has(first)) {
      send(res, 404, {}, { error: { code: 'NotFound', message: `No route for ${url.pathname}` } });
      return;
    }
    let body: unknown;
    try {
      body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      const r = renderGraphError(new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'), ids(headers));
      send(res, r.status, r.headers, r.body);
      return;
    }
    const hctx: HandlerContext = { ...ctx, origin: here };
    let appId: string;
    try {
      appId = authenticate(headers, here);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      const r = renderGraphError(err, ids(headers));
      send(res, r.status, r.headers, r.body);
      return;
    }
    const greq: GraphRequest = { method, version: first, segments: rest, query: url.searchParams, headers, body };
    if (rest.length === 1 && rest[0] === '$batch') {
      counters.requests['POST $batch'] = (counters.requests['POST $batch'] ?? 0) + 1;
      const r = await handleBatch(hctx, greq, (inner) => {
        const f = deps.faults.take(inner.method, `/${inner.version}/${inner.segments.join('/')}`);
        if (f?.kind === 'status') return Promise.resolve(renderGraphError(faultError(f), ids(inner.headers)));
        return runGraph(hctx, inner, appId);
      });
      send(res, r.status, r.headers, r.body);
      return;
    }
    const r = await runGraph(hctx, greq, appId);
    send(res, r.status, r.headers, r.body);
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      counters.internalErrors += 1;
      if (!res.headersSent) send(res, 500, {}, { error: { code: 'InternalServerError', message: `sandbox bug: ${(err as Error).message}` } });
      else res.destroy();
    });
  };
}
