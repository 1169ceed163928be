// SPDX-License-Identifier: UNLICENSED
import type { Agent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { MfaError } from '../../errors.js';

/** OpenSSL/Node error codes that mean "the server's certificate is not trusted or not valid". */
const TLS_ERROR_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

/** The part of the Graph SDK's middleware context this terminal middleware reads and writes. */
export interface SdkContext {
  request: unknown;
  options?: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal | null };
  response?: Response;
}

export interface HttpsMiddlewareOptions {
  /** Agent carrying the trust store (`createTrustAgent`). */
  agent: Agent;
  /** Largest response body read; more is a fault. */
  maxResponseBytes: number;
  /**
   * Wraps a fault so the SDK passes it through unchanged (it turns any other error into a GraphError
   * and drops the original): `GraphClientError` with `customError`.
   */
  wrapFault(fault: MfaError): Error;
}

/**
 * The Graph SDK's last middleware, in place of its `HTTPMessageHandler` (global `fetch`, which cannot
 * be handed an extra CA without undici). Sends the request through `node:https` with `agent` and sets
 * `context.response` to a WHATWG `Response`. Faults are `ERR_GRAPH` with `data.reason`:
 * `timeout` (the request's signal fired with reason `'timeout'`), `tls` (certificate not trusted),
 * `network` (connection reset, refused, aborted), or `protocol` (oversized body, impossible status).
 */
export function createHttpsMiddleware(options: HttpsMiddlewareOptions): { execute(context: SdkContext): Promise<void> } {
  return {
    async execute(context) {
      const url = String(context.request);
      const o = context.options ?? {};
      try {
        context.response = await send(url, o, options);
      } catch (err) {
        throw options.wrapFault(toFault(err, o.signal ?? null, url));
      }
    },
  };
}

function send(url: string, o: NonNullable<SdkContext['options']>, options: HttpsMiddlewareOptions): Promise<Response> {
  const headers = toHeaderRecord(o.headers);
  const body = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body === undefined || o.body === null ? null : Buffer.from(String(o.body), 'utf8');
  if (body !== null) headers['content-length'] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const req = httpsRequest(url, { method: o.method ?? 'GET', headers, agent: options.agent, ...(o.signal ? { signal: o.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          res.destroy(new MfaError('ERR_GRAPH', `response larger than ${options.maxResponseBytes} bytes`, { data: { reason: 'protocol' } }));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('connection closed before the response ended'));
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          reject(new MfaError('ERR_GRAPH', `impossible HTTP status ${status}`, { data: { reason: 'protocol' } }));
          return;
        }
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        const noBody = status === 204 || status === 205 || status === 304;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: out }));
      });
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

function toHeaderRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h instanceof Headers) h.forEach((v, k) => { out[k.toLowerCase()] = v; });
  else if (typeof h === 'object' && h !== null) for (const [k, v] of Object.entries(h)) if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  return out;
}

function toFault(err: unknown, signal: AbortSignal | null, url: string): MfaError {
  if (err instanceof MfaError) return err;
  const host = new URL(url).host;
  if (signal?.aborted === true) {
    const reason = signal.reason === 'timeout' ? 'timeout' : 'network';
    return new MfaError('ERR_GRAPH', reason === 'timeout' ? `no answer from ${host} in time` : `request to ${host} aborted`, { data: { reason, status: 0 }, cause: err });
  }
  const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : null;
  if (code !== null && TLS_ERROR_CODES.has(code)) {
    const hint = /VALID|EXPIRED/.test(code) ? 'check the certificate dates and the clock' : 'set graph.caFile for a private CA';
    return new MfaError('ERR_GRAPH', `the TLS certificate of ${host} is not trusted (${code}); ${hint}`, { data: { reason: 'tls', status: 0, errorCode: code }, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MfaError('ERR_GRAPH', `cannot reach ${host}: ${code ?? message}`, { data: { reason: 'network', status: 0, errorCode: code }, cause: err });
}
