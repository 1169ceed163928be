// SPDX-License-Identifier: UNLICENSED
import { createHash, sign, constants, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createSelfSignedCertificate } from '../../../../agent/tls/create-self-signed-certificate.js';
import { CLIENT_ID, httpsRequest, SECRET, startTestSandbox, TENANT_ID, type TestSandbox } from './sandbox-fixture.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('sandbox token endpoint and bearer checks', () => {
  let sb: TestSandbox;
  let cert: { certPem: string; keyPem: string };
  let other: { certPem: string; keyPem: string };

  const assertion = (opts: { alg?: 'RS256' | 'PS256'; key?: string; aud?: string; exp?: number; iss?: string } = {}): string => {
    const alg = opts.alg ?? 'RS256';
    const der = new X509Certificate(cert.certPem).raw;
    const header = alg === 'PS256'
      ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
    const now = Math.floor(sb.clock.now() / 1000);
    const claims = {
      aud: opts.aud ?? `${sb.url}/${TENANT_ID}/oauth2/v2.0/token`, iss: opts.iss ?? CLIENT_ID, sub: opts.iss ?? CLIENT_ID,
      nbf: now, exp: opts.exp ?? now + 600, jti: createSystemRandom().uuid(),
    };
    const data = `${b64(header)}.${b64(claims)}`;
    const key = opts.key ?? cert.keyPem;
    const sig = alg === 'PS256'
      ? sign('sha256', Buffer.from(data), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
      : sign('sha256', Buffer.from(data), key);
    return `${data}.${sig.toString('base64url')}`;
  };
  const withAssertion = (jwt: string) => sb.tokenRequest({
    grant_type: 'client_credentials', client_id: CLIENT_ID, scope: GRAPH_SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt,
  });

  beforeAll(async () => {
    const random = createSystemRandom();
    cert = await createSelfSignedCertificate({ commonName: 'app', altNames: [], profile: 'signing', now: Date.now(), serial: random.bytes(16) });
    other = await createSelfSignedCertificate({ commonName: 'other', altNames: [], profile: 'signing', now: Date.now(), serial: random.bytes(16) });
    sb = await startTestSandbox({ apps: [{ clientId: CLIENT_ID, secrets: [SECRET], certificatesPem: [cert.certPem] }] });
  });
  afterAll(async () => sb.close());

  it('serves OIDC discovery whose issuer has the authority scheme, host and port', async () => {
    const r = await httpsRequest(`${sb.url}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, { ca: sb.ca });
    expect(r.status).toBe(200);
    expect(r.json.issuer).toBe(`${sb.url}/${TENANT_ID}/v2.0`);
    expect(r.json.token_endpoint).toBe(`${sb.url}/${TENANT_ID}/oauth2/v2.0/token`);
    const byDomain = await httpsRequest(`${sb.url}/contoso.com/v2.0/.well-known/openid-configuration`, { ca: sb.ca });
    expect(byDomain.status).toBe(200);
    const unknown = await httpsRequest(`${sb.url}/nowhere.example/v2.0/.well-known/openid-configuration`, { ca: sb.ca });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error_codes).toEqual([90002]);
  });

  it('issues a bearer token for a client secret', async () => {
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_SCOPE });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const domains = await httpsRequest(`${sb.url}/v1.0/domains`, { ca: sb.ca, headers: { authorization: `Bearer ${String(r.json.access_token)}` } });
    expect(domains.status).toBe(200);
  });

  it('refuses a wrong secret with AADSTS7000215 (401 invalid_client)', async () => {
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope', scope: GRAPH_SCOPE });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_client');
    expect(r.json.error_codes).toEqual([7000215]);
    expect(r.json.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
  });

  it.each([
    [{ client_id: '99999999-2222-4333-8444-555555555555' }, 400, 'unauthorized_client', 700016],
    [{ scope: 'User.Read' }, 400, 'invalid_scope', 1002012],
    [{ scope: 'https://management.azure.com/.default' }, 400, 'invalid_resource', 500011],
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
  ])('refuses %j with %i %s', async (change, status, error, code) => {
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_SCOPE, ...change });
    expect(r.status).toBe(status);
    expect(r.json.error).toBe(error);
    expect(r.json.error_codes).toEqual([code]);
  });

  it('accepts the sandbox origin as resource', async () => {
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: `${sb.url}/.default` });
    expect(r.status).toBe(200);
  });

  it.each(['RS256', 'PS256'] as const)('accepts a %s client assertion signed by the registered certificate', async (alg) => {
    const r = await withAssertion(assertion({ alg }));
    expect(r.status, r.text).toBe(200);
  });

  it('refuses assertions: other key, wrong audience, expired, iss ≠ client', async () => {
    expect((await withAssertion(assertion({ key: other.keyPem }))).json.error_codes).toEqual([700027]);
    expect((await withAssertion(assertion({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }))).json.error_codes).toEqual([700212]);
    expect((await withAssertion(assertion({ exp: Math.floor(sb.clock.now() / 1000) - 3600 }))).json.error_codes).toEqual([700024]);
    expect((await withAssertion(assertion({ iss: '99999999-2222-4333-8444-555555555555' }))).json.error_codes).toEqual([700021]);
    expect((await withAssertion('not.a.jwt')).status).toBe(400);
  });

  it('requires a valid bearer token on Graph: empty, forged, expired', async () => {
    const none = await httpsRequest(`${sb.url}/v1.0/users`, { ca: sb.ca });
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(none.json.error.innerError).toHaveProperty('request-id');
    const forged = await httpsRequest(`${sb.url}/v1.0/users`, { ca: sb.ca, headers: { authorization: 'Bearer eyJ.eyJ.sig' } });
    expect(forged.status).toBe(401);
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_SCOPE });
    sb.clock.advance(3600_000);
    const expired = await httpsRequest(`${sb.url}/v1.0/users`, { ca: sb.ca, headers: { authorization: `Bearer ${String(r.json.access_token)}` } });
    sb.clock.advance(-3600_000);
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toBe('Lifetime validation failed, the token is expired.');
  });

  it('a revoked secret stops new tokens; revokeIssuedTokens also stops issued ones', async () => {
    const r = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_SCOPE });
    const bearer = { authorization: `Bearer ${String(r.json.access_token)}` };
    sb.tenant.revokeSecret({ clientId: CLIENT_ID });
    const again = await sb.tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_SCOPE });
    expect(again.json.error_codes).toEqual([7000215]);
    expect((await httpsRequest(`${sb.url}/v1.0/domains`, { ca: sb.ca, headers: bearer })).status).toBe(200);
    sb.tenant.revokeSecret({ revokeIssuedTokens: true });
    expect((await httpsRequest(`${sb.url}/v1.0/domains`, { ca: sb.ca, headers: bearer })).status).toBe(401);
    expect((await withAssertion(assertion())).status).toBe(200);
  });
});
