// SPDX-License-Identifier: UNLICENSED
import type { Agent } from 'node:https';
import { MfaError } from '../../errors.js';
import type { GraphMethod, GraphVersion } from './graph-client.js';
import { createHttpsMiddleware } from './https-middleware.js';
import type { TokenSource } from './create-token-source.js';

/** Largest Graph response read into memory (a page of 999 users with every property is well below). */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** One HTTP exchange as the retry layer sees it. `path` is relative to the version root. */
export interface WireRequest {
  method: GraphMethod;
  version: GraphVersion;
  path: string;
  headers: Record<string, string>;
  /** Serialised JSON, or undefined. */
  body?: string;
}

export interface WireResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/**
 * One attempt at a Graph call through the Graph SDK (`Client.initWithMiddleware` with our chain:
 * the SDK's `AuthenticationHandler` → `createHttpsMiddleware`). Contracts: resolves with any HTTP
 * status; rejects only with an `MfaError` (`ERR_GRAPH` with `data.reason`, or the token source's
 * `ERR_GRAPH_AUTH`), the request abandoned after `timeoutMs` (`reason: 'timeout'`, body read included).
 * A 401 from Graph (token expired or revoked early) drops the cached token and is sent once more with
 * a fresh one; a second 401 is returned as is.
 */
export interface GraphWire {
  send(request: WireRequest): Promise<WireResponse>;
  close(): void;
}

export interface SdkWireOptions {
  baseUrl: string;
  tokens: TokenSource;
  agent: Agent;
  timeoutMs: number;
}

export async function createSdkWire(options: SdkWireOptions): Promise<GraphWire> {
  const sdk = await import('@microsoft/microsoft-graph-client');
  const wrapFault = (fault: MfaError): Error => {
    const e = new sdk.GraphClientError(fault.message);
    e.customError = fault;
    return e;
  };
  const authProvider = {
    async getAccessToken(): Promise<string> {
      try {
        return await options.tokens.getToken();
      } catch (err) {
        throw wrapFault(err instanceof MfaError ? err : new MfaError('ERR_GRAPH_AUTH', 'no Graph token', { data: { phase: 'token' } }));
      }
    },
  };
  const base = new URL(options.baseUrl);
  const client = sdk.Client.initWithMiddleware({
    baseUrl: base.href.replace(/\/$/, ''),
    // Hostname only, lower case, no port: the SDK drops the Authorization header for any other host (§4.9).
    customHosts: new Set([base.hostname.toLowerCase()]),
    middleware: [
      new sdk.AuthenticationHandler(authProvider),
      createHttpsMiddleware({ agent: options.agent, maxResponseBytes: MAX_RESPONSE_BYTES, wrapFault }) as unknown as InstanceType<typeof sdk.HTTPMessageHandler>,
    ],
  });
  const sendOnce = async (request: WireRequest): Promise<WireResponse> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort('timeout'), options.timeoutMs);
    timer.unref();
    try {
      const call = client.api(request.path).version(request.version).responseType(sdk.ResponseType.RAW)
        .headers(request.headers).option('signal', controller.signal);
      const response = (await (
        request.method === 'GET' ? call.get()
          : request.method === 'DELETE' ? call.delete()
            : request.method === 'POST' ? call.post(request.body)
              : request.method === 'PATCH' ? call.patch(request.body)
                : call.put(request.body)
      )) as Response;
      const text = await readText(response, controller.signal);
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => { headers[k.toLowerCase()] = v; });
      return { status: response.status, headers, text };
    } catch (err) {
      throw unwrap(err, sdk.GraphClientError);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async send(request) {
      const first = await sendOnce(request);
      if (first.status !== 401) return first;
      options.tokens.invalidate();
      return sendOnce(request);
    },
    close() {
      options.agent.destroy();
    },
  };
}

async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) throw new MfaError('ERR_GRAPH', 'no answer from Graph in time', { data: { reason: 'timeout', status: 0 } });
  return response.text();
}

function unwrap(err: unknown, GraphClientError: new (m?: string) => Error): MfaError {
  if (err instanceof MfaError) return err;
  if (err instanceof GraphClientError && (err as { customError?: unknown }).customError instanceof MfaError) {
    return (err as unknown as { customError: MfaError }).customError;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MfaError('ERR_GRAPH', `Graph client failure: ${message}`, { data: { reason: 'protocol', status: 0 }, cause: err });
}
