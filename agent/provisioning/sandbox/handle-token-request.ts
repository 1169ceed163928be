// SPDX-License-Identifier: UNLICENSED
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { AccessTokenSigner } from './create-access-token-signer.js';
import type { TenantData } from './tenant-data.js';
import { verifyClientAssertion, type AadstsFailure } from './verify-client-assertion.js';

/** The client-credentials scope must be the resource's `/.default` (reference §4.9). */
const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenEndpointInput {
  tenantSegment: string;
  form: URLSearchParams;
  /** `https://host:port` as addressed; also accepted as a resource (`<origin>/.default`). */
  origin: string;
}

function secretMatches(given: string, stored: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /{tenant}/oauth2/v2.0/token` with `grant_type=client_credentials` and either `client_secret` or a
 * `client_assertion` JWT. Success: `{ token_type: 'Bearer', expires_in, ext_expires_in, access_token }`.
 * Failure: `{ error, error_description: 'AADSTSnnn: …', error_codes, timestamp, trace_id, correlation_id }`
 * with 400 (401 for a bad client credential), as Entra answers.
 */
export function handleTokenRequest(
  deps: { data: TenantData; clock: Clock; random: Random; signer: AccessTokenSigner; lifetimeSeconds: number },
  input: TokenEndpointInput,
): { status: number; body: Record<string, unknown> } {
  const { data, clock, random } = deps;
  const traceId = random.uuid();
  const fail = (f: Omit<AadstsFailure, 'ok'>, status = 400): { status: number; body: Record<string, unknown> } => ({
    status,
    body: {
      error: f.error,
      error_description: `AADSTS${f.code}: ${f.description} Trace ID: ${traceId} Correlation ID: ${input.form.get('client-request-id') ?? traceId} Timestamp: ${new Date(clock.now()).toISOString()}`,
      error_codes: [f.code], timestamp: new Date(clock.now()).toISOString(), trace_id: traceId, correlation_id: traceId,
      error_uri: `${input.origin}/error?code=${f.code}`,
    },
  });
  const tenant = input.tenantSegment.toLowerCase();
  if (tenant !== data.tenantId && !data.domains.has(tenant)) {
    return fail({ error: 'invalid_request', code: 90002, description: `Tenant '${input.tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.` });
  }
  const form = input.form;
  if (form.get('grant_type') !== 'client_credentials') {
    return fail({ error: 'unsupported_grant_type', code: 70003, description: `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.` });
  }
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  const app = data.apps.get(clientId);
  if (!app) {
    return fail({ error: 'unauthorized_client', code: 700016, description: `Application with identifier '${clientId}' was not found in the directory '${data.tenantId}'.` });
  }
  const scope = form.get('scope') ?? '';
  const resource = scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : null;
  if (resource === null) {
    return fail({ error: 'invalid_scope', code: 1002012, description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).` });
  }
  if (resource !== GRAPH_RESOURCE && resource !== input.origin) {
    return fail({ error: 'invalid_resource', code: 500011, description: `The resource principal named ${resource} was not found in the tenant named ${data.tenantId}.` });
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!app.secrets.some((s) => secretMatches(secret, s))) {
      return fail({ error: 'invalid_client', code: 7000215, description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.` }, 401);
    }
  } else if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return fail({ error: 'invalid_request', code: 50027, description: `Invalid client_assertion_type; expected '${ASSERTION_TYPE}'.` });
    }
    const audiences = [input.tenantSegment, data.tenantId].map((t) => `${input.origin}/${t}/oauth2/v2.0/token`);
    const result = verifyClientAssertion(assertion, app, audiences, clock.now());
    if (!result.ok) return fail(result, result.error === 'invalid_client' ? 401 : 400);
  } else {
    return fail({ error: 'invalid_client', code: 7000218, description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." }, 401);
  }
  const now = Math.floor(clock.now() / 1000);
  const token = deps.signer.issue({
    aud: resource, iss: `https://sts.windows.net/${data.tenantId}/`, tid: data.tenantId, appid: app.clientId, iat: now, nbf: now, exp: now + deps.lifetimeSeconds,
    xms_sbx_gen: data.tokenGeneration,
  });
  return { status: 200, body: { token_type: 'Bearer', expires_in: deps.lifetimeSeconds, ext_expires_in: deps.lifetimeSeconds, access_token: token } };
}
