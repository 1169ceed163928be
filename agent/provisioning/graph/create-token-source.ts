// SPDX-License-Identifier: UNLICENSED
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/identity';
import { MfaError } from '../../errors.js';
import type { GraphCredential } from './graph-credentials.js';

export interface TokenSourceOptions {
  tenantId: string;
  clientId: string;
  /** `graph.authorityHost` (HTTPS; @azure/identity throws on http). */
  authorityHost: string;
  /** `<graph origin>/.default` — the client-credentials scope (reference §4.9). */
  scope: string;
  credential: GraphCredential;
  agent: Agent;
  /** Per token-endpoint request. */
  timeoutMs: number;
}

/**
 * App-only access tokens through @azure/identity, loaded on first call to this factory.
 * Contracts:
 * - `getToken()` returns a cached token until MSAL's refresh point, else asks the authority;
 * - the credential runs with `disableInstanceDiscovery` (no call to login.microsoftonline.com), no
 *   retries of its own (the Graph client's retry policy decides), a per-request timeout, and `agent`
 *   for TLS trust;
 * - a refusal by the authority (bad or revoked secret, unknown app, …) is `ERR_GRAPH_AUTH` with
 *   `data { status, graphCode (the OAuth error), message (the AADSTS description), requestId
 *   (correlation id) }`; an authority that is unreachable, too slow, untrusted or answering 429/5xx is
 *   `ERR_GRAPH` with `data.reason` `network` | `timeout` | `tls` | `server-error` (retryable;
 *   `server-error` carries the authority's Retry-After as `data.retryAfterMs`, or null). After a 429/5xx
 *   the credential is rebuilt, because MSAL would otherwise refuse every call for 60 s.
 * Neither carries the secret or a token.
 */
/** The part of a core-rest-pipeline response the observing policy reads. */
interface TokenHttpResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}

export interface TokenSource {
  getToken(): Promise<string>;
  /** Drops the cached token (Graph refused it with 401): the next `getToken` asks the authority. */
  invalidate(): void;
}

export async function createTokenSource(options: TokenSourceOptions): Promise<TokenSource> {
  const identity = await import('@azure/identity');
  const seen: Seen = { status: null, fault: null, retryAfterMs: null };
  const observe = {
    name: 'mfaObserveTokenRequest',
    async sendRequest(request: { timeout: number }, next: (r: unknown) => Promise<TokenHttpResponse>): Promise<TokenHttpResponse> {
      request.timeout = options.timeoutMs;
      try {
        const response = await next(request);
        seen.status = response.status;
        const after = Number(response.headers.get('retry-after') ?? Number.NaN);
        seen.retryAfterMs = Number.isFinite(after) && after >= 0 ? after * 1000 : null;
        return response;
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        seen.fault = { code: typeof code === 'string' ? code : null, timeout: (err as { name?: unknown }).name === 'AbortError' };
        throw err;
      }
    },
  };
  const credentialOptions = {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: true,
    agent: options.agent,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: observe, position: 'perRetry' as const }],
  } as unknown as ConstructorParameters<typeof identity.ClientSecretCredential>[3];
  const make = (): TokenCredential => {
    const material = options.credential.reveal();
    return options.credential.kind === 'secret'
      ? new identity.ClientSecretCredential(options.tenantId, options.clientId, material, credentialOptions)
      : new identity.ClientCertificateCredential(options.tenantId, options.clientId, { certificate: material }, credentialOptions);
  };
  let credential = make();
  const host = new URL(options.authorityHost).host;
  return {
    invalidate() {
      credential = make();
    },
    async getToken() {
      seen.status = null;
      seen.fault = null;
      seen.retryAfterMs = null;
      try {
        const token = await credential.getToken(options.scope);
        if (token === null) throw new Error('no_token: the authority returned no access token');
        return token.token;
      } catch (err) {
        const fault = tokenFault(err, seen, host);
        // MSAL blocks a credential for 60 s after a 429/5xx (its throttle cache); a fresh one lets our policy decide.
        if (fault.data.reason === 'server-error') credential = make();
        throw fault;
      }
    },
  };
}

interface Seen {
  status: number | null;
  fault: { code: string | null; timeout: boolean } | null;
  /** Retry-After of the last 429/5xx, in ms. */
  retryAfterMs: number | null;
}

/** Reads MSAL's "code: Error(s): … - Description: … - Correlation ID: …" message. */
function tokenFault(err: unknown, seen: Seen, host: string): MfaError {
  const text = err instanceof Error ? err.message : String(err);
  const oauthError = /^([a-z_]+):/.exec(text)?.[1] ?? null;
  if (seen.fault !== null || oauthError === 'network_error' || oauthError === 'endpoints_resolution_error') {
    const code = seen.fault?.code ?? null;
    const tls = code !== null && /CERT|SIGNATURE|SELF_SIGNED|ALTNAME/.test(code);
    const reason = seen.fault?.timeout === true ? 'timeout' : tls ? 'tls' : 'network';
    const hint = !tls ? '' : /VALID|EXPIRED/.test(code ?? '') ? '; check the certificate dates and the clock' : '; set graph.caFile for a private CA';
    return new MfaError('ERR_GRAPH', `cannot get a Graph token from ${host}: ${reason}${code === null ? '' : ` (${code})`}${hint}`, { data: { reason, status: 0, errorCode: code, phase: 'token' }, cause: err });
  }
  if (seen.status !== null && (seen.status === 429 || seen.status >= 500)) {
    return new MfaError('ERR_GRAPH', `the token authority ${host} answered ${seen.status}`, {
      data: { reason: 'server-error', status: seen.status, phase: 'token', retryAfterMs: seen.retryAfterMs },
    });
  }
  const description = /Description: (.*?)(?: - Correlation ID:|$)/s.exec(text)?.[1]?.trim() ?? null;
  const correlation = /Correlation ID: (\S+)/.exec(text)?.[1] ?? null;
  return new MfaError('ERR_GRAPH_AUTH', `the token authority ${host} refused the app credential: ${oauthError ?? 'error'}${description === null ? '' : `: ${description}`}`, {
    data: { status: seen.status, graphCode: oauthError, message: description, requestId: correlation, details: [], phase: 'token' },
  });
}
