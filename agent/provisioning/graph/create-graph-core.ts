// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { BatchRequest, BatchResult, DeltaResult, GraphCore, GraphMethod, GraphRequest, GraphVersion } from './graph-client.js';
import { graphError } from './graph-error.js';
import { parseGraphBody } from './parse-graph-body.js';
import { runBatch, type RunBatchDeps } from './run-batch.js';
import { MAX_BATCH_REQUESTS, splitBatch } from './split-batch.js';

/** Default batches of one `batch()` call in flight at once (each chain is whole in one batch, so they are independent). */
const BATCH_CONCURRENCY = 4;

export interface GraphCoreDeps extends RunBatchDeps {
  /** `graph.baseUrl`; absolute links must be on its origin and path. */
  baseUrl: string;
}

/** `request`, `batch`, paging and delta over a retrying sender; see `GraphCore`. */
export function createGraphCore(deps: GraphCoreDeps): GraphCore {
  const base = new URL(deps.baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');

  /** An absolute nextLink/deltaLink on our base → version + relative path; anything else is refused. */
  function resolve(path: string, version: GraphVersion): { path: string; version: GraphVersion } {
    if (!/^https?:/i.test(path)) return { path: path.startsWith('/') ? path : `/${path}`, version };
    const url = new URL(path);
    const m = /^\/(v1\.0|beta)(\/.*)$/.exec(url.pathname.slice(basePath.length));
    if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`) || m === null) {
      throw new MfaError('ERR_GRAPH', `Graph returned a link outside ${base.origin}${basePath}`, { data: { reason: 'protocol', status: 0, host: url.host } });
    }
    return { version: m[1] as GraphVersion, path: `${m[2] ?? ''}${url.search}` };
  }

  async function request<T>(req: GraphRequest): Promise<{ status: number; headers: Record<string, string>; body: T | undefined }> {
    const target = resolve(req.path, req.version ?? 'v1.0');
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const response = await deps.send(
      { method: req.method, version: target.version, path: target.path, headers, ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }) },
      isWrite(req.method) ? 1 : 0,
    );
    const ok = response.status >= 200 && response.status < 300;
    const body = parseGraphBody(response, ok);
    if (!ok) throw graphError({ method: req.method, path: `/${target.version}${target.path}`, status: response.status, headers: response.headers, body });
    return { status: response.status, headers: response.headers, body: body as T | undefined };
  }

  async function* pages<T>(path: string, options: { version?: GraphVersion } = {}): AsyncGenerator<T[]> {
    let next: string | null = path;
    while (next !== null) {
      const page: { body: Collection<T> | undefined } = await request<Collection<T>>({ method: 'GET', path: next, ...(options.version ? { version: options.version } : {}) });
      yield page.body?.value ?? [];
      next = page.body?.['@odata.nextLink'] ?? null;
    }
  }

  return {
    request,
    pages,
    async listAll<T>(path: string, options: { version?: GraphVersion } = {}): Promise<T[]> {
      const out: T[] = [];
      for await (const page of pages<T>(path, options)) out.push(...page);
      return out;
    },
    async delta<T>(pathOrDeltaLink: string): Promise<DeltaResult<T>> {
      const items: T[] = [];
      let next = pathOrDeltaLink;
      for (;;) {
        const { body } = await request<Collection<T>>({ method: 'GET', path: next });
        items.push(...(body?.value ?? []));
        const deltaLink = body?.['@odata.deltaLink'];
        if (typeof deltaLink === 'string') return { items, deltaLink };
        const nextLink = body?.['@odata.nextLink'];
        if (typeof nextLink !== 'string') throw new MfaError('ERR_GRAPH', 'Graph delta page has neither @odata.nextLink nor @odata.deltaLink', { data: { reason: 'protocol', status: 200 } });
        next = nextLink;
      }
    },
    async batch(requests: readonly BatchRequest[], options: { version?: GraphVersion; concurrency?: number } = {}): Promise<BatchResult[]> {
      const version = options.version ?? 'v1.0';
      for (const r of requests) {
        if (/^https?:/i.test(r.path) || !r.path.startsWith('/')) throw new MfaError('ERR_INVALID_INPUT', `batch request ${r.id} needs a relative path`, { data: { id: r.id } });
        if ((r.version ?? version) !== version) throw new MfaError('ERR_INVALID_INPUT', `batch request ${r.id} is for ${r.version}, the batch for ${version}`, { data: { id: r.id } });
      }
      const chunks = splitBatch(requests, Math.min(MAX_BATCH_REQUESTS, deps.pacer.limit));
      const results = new Map<string, BatchResult>();
      let nextChunk = 0;
      const worker = async (): Promise<void> => {
        while (nextChunk < chunks.length) {
          const chunk = chunks[nextChunk++] ?? [];
          for (const [id, result] of await runBatch(chunk, version, deps)) results.set(id, result);
        }
      };
      const concurrency = Math.max(1, Math.min(options.concurrency ?? BATCH_CONCURRENCY, chunks.length));
      await Promise.all(Array.from({ length: concurrency }, worker));
      return requests.map((r) => results.get(r.id) as BatchResult);
    },
  };
}

interface Collection<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const isWrite = (m: GraphMethod): boolean => m !== 'GET';
