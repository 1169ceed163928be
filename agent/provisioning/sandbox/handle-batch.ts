// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import type { GraphRequest, GraphResponse, HandlerContext } from './graph-request.js';
import { renderGraphError } from './render-graph-error.js';

/** Reference §4.7: at most 20 requests per JSON batch. */
const MAX_BATCH_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

interface Step {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

function bad(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/** Reference §4.7 request rules; 400 for the whole batch when one is broken. */
function parseSteps(body: unknown): Step[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (typeof body !== 'object' || body === null || !Array.isArray(requests)) throw bad('Invalid batch payload format.');
  if (requests.length > MAX_BATCH_REQUESTS) throw bad(`The number of requests in a batch cannot exceed ${MAX_BATCH_REQUESTS}.`);
  const steps = requests.map((r: unknown): Step => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    if (typeof o.id !== 'string' || o.id === '') throw bad('Each batch request must have an id.');
    if (typeof o.method !== 'string' || !METHODS.has(o.method.toUpperCase())) throw bad(`Invalid method for batch request '${o.id}'.`);
    if (typeof o.url !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(o.url)) throw bad(`Invalid request URL for batch request '${o.id}': the URL must be relative.`);
    const headers: Record<string, string> = {};
    if (o.headers !== undefined) {
      if (typeof o.headers !== 'object' || o.headers === null) throw bad(`Invalid headers for batch request '${o.id}'.`);
      for (const [k, v] of Object.entries(o.headers)) headers[k.toLowerCase()] = String(v);
    }
    if (o.body !== undefined && headers['content-type'] === undefined) {
      throw bad(`Batch request '${o.id}' has a body but no Content-Type header; headers are required when a body is present.`);
    }
    const dependsOn = o.dependsOn === undefined ? [] : o.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')) throw bad(`Invalid dependsOn for batch request '${o.id}'.`);
    return { id: o.id, method: o.method.toUpperCase(), url: o.url, headers, body: o.body, dependsOn: dependsOn as string[] };
  });
  const ids = new Set(steps.map((s) => s.id));
  if (ids.size !== steps.length) throw bad('Batch request ids must be unique.');
  for (const s of steps) {
    for (const d of s.dependsOn) if (!ids.has(d) || d === s.id) throw bad(`Batch request '${s.id}' depends on unknown request '${d}'.`);
  }
  return steps;
}

function toRequest(step: Step, version: string): GraphRequest {
  const q = step.url.indexOf('?');
  const path = (q === -1 ? step.url : step.url.slice(0, q)).replace(/^\//, '');
  const segments = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  return { method: step.method, version, segments, query: new URLSearchParams(q === -1 ? '' : step.url.slice(q + 1)), headers: step.headers, body: step.body };
}

/**
 * `POST /{version}/$batch` (reference §4.7). Steps run through `run` (throttled one by one, so an inner
 * 429 is that step's alone); steps without dependencies run concurrently, `dependsOn` steps after their
 * dependencies, and a step whose dependency did not succeed gets 424 without running. The outer status
 * is 200 whatever the inner ones; responses come in a shuffled order unless `shuffleBatchResponses` is false.
 * A dependency cycle is 400.
 */
export async function handleBatch(ctx: HandlerContext, req: GraphRequest, run: (inner: GraphRequest) => Promise<GraphResponse>): Promise<GraphResponse> {
  const ids = { requestId: ctx.random.uuid(), clientRequestId: req.headers['client-request-id'] ?? '', date: new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, '') };
  let steps: Step[];
  try {
    if (req.method !== 'POST') throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    steps = parseSteps(req.body);
  } catch (err) {
    if (err instanceof GraphError) return renderGraphError(err, ids);
    throw err;
  }
  const byId = new Map(steps.map((s) => [s.id, s]));
  const results = new Map<string, Promise<GraphResponse>>();
  const visiting = new Set<string>();
  const exec = (step: Step): Promise<GraphResponse> => {
    const known = results.get(step.id);
    if (known) return known;
    if (visiting.has(step.id)) throw bad(`Batch request '${step.id}' is part of a dependency cycle.`);
    visiting.add(step.id);
    const deps = step.dependsOn.map((d) => exec(byId.get(d) as Step));
    const p = Promise.all(deps).then((done) => {
      if (done.some((r) => r.status < 200 || r.status >= 300)) {
        return renderGraphError(new GraphError(424, 'FailedDependency', `Request '${step.id}' was not run because a request it depends on failed.`), ids);
      }
      return run(toRequest(step, req.version));
    });
    results.set(step.id, p);
    return p;
  };
  let responses: GraphResponse[];
  try {
    responses = await Promise.all(steps.map(exec));
  } catch (err) {
    if (err instanceof GraphError) return renderGraphError(err, ids);
    throw err;
  }
  const out = steps.map((s, i) => {
    const r = responses[i] as GraphResponse;
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'date'));
    return { id: s.id, status: r.status, headers, ...(r.body === undefined ? {} : { body: r.body }) };
  });
  if (ctx.options.shuffleBatchResponses !== false) {
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = (ctx.random.bytes(1)[0] ?? 0) % (i + 1);
      [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
    }
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: { responses: out } };
}
