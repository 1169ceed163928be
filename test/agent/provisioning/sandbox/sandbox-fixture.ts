// SPDX-License-Identifier: UNLICENSED
import { request } from 'node:https';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import type { SandboxTenantOptions } from '../../../../agent/provisioning/sandbox/sandbox-tenant-options.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';

export const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const SECRET = 'sandbox-secret-value~1';
export const TENANT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
export const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const TYPE_DATA_DIR = new URL('../../../../../shared/reference/graph-types/', import.meta.url).pathname;

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** HTTPS request trusting only `ca`. */
export function httpsRequest(url: string, opts: { ca: string; method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, timeout: opts.timeoutMs ?? 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export interface TestSandbox {
  tenant: SandboxTenant;
  url: string;
  ca: string;
  clock: { now(): number; advance(ms: number): void };
  token(): Promise<string>;
  /** A Graph call with the app's token; `path` starts with `/v1.0` or `/beta`. */
  graph(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  tokenRequest(form: Record<string, string>, tenant?: string): Promise<HttpResult>;
  close(): Promise<void>;
}

/** A listening sandbox with one app (secret), domains contoso.com (verified), fabrikam.com (unverified), and E3. */
export async function startTestSandbox(overrides: Partial<SandboxTenantOptions> = {}): Promise<TestSandbox> {
  let now = Date.now();
  const clock = { now: () => now, advance: (ms: number) => { now += ms; } };
  const tenant = createSandboxTenant({
    clock, random: createSystemRandom(), tenantId: TENANT_ID, initialDomainLabel: 'contosotest',
    domains: [{ name: 'contoso.com' }, { name: 'fabrikam.com', isVerified: false }],
    skus: [{ skuId: E3, skuPartNumber: 'ENTERPRISEPACK', enabled: 3 }],
    apps: [{ clientId: CLIENT_ID, secrets: [SECRET] }],
    typeDataDir: TYPE_DATA_DIR,
    ...overrides,
  });
  const listening = await tenant.listen();
  const ca = listening.caCertPem;
  const tokenRequest = (form: Record<string, string>, t = TENANT_ID): Promise<HttpResult> =>
    httpsRequest(`${listening.url}/${t}/oauth2/v2.0/token`, {
      ca, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
    });
  let cached: string | null = null;
  const token = async (): Promise<string> => {
    if (cached) return cached;
    const r = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default' });
    if (r.status !== 200) throw new Error(`token: ${r.text}`);
    cached = String(r.json.access_token);
    return cached;
  };
  return {
    tenant, url: listening.url, ca, clock, token, tokenRequest,
    async graph(method, path, body, headers = {}) {
      const h: Record<string, string> = { authorization: `Bearer ${await token()}`, ...headers };
      if (body !== undefined) h['content-type'] ??= 'application/json';
      return httpsRequest(`${listening.url}${path}`, { ca, method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    },
    close: listening.close,
  };
}

/** A valid create-user body for `upn`. */
export function newUser(upn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const nick = upn.split('@')[0] ?? 'user';
  return {
    accountEnabled: true, displayName: nick, mailNickname: nick, userPrincipalName: upn,
    passwordProfile: { password: 'Xy7!random-Passw0rd', forceChangePasswordNextSignIn: false }, ...extra,
  };
}

/** A token-signing certificate as `signingCertificate` wants it: base64 DER, no armour. */
export async function signingCertificateBase64(): Promise<string> {
  const { createSelfSignedCertificate } = await import('../../../../agent/tls/create-self-signed-certificate.js');
  const { certPem } = await createSelfSignedCertificate({ commonName: 'idp', altNames: [], profile: 'signing', now: Date.now(), serial: createSystemRandom().bytes(16) });
  return certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
}

/** A valid federationConfiguration body. */
export function federationBody(cert: string, issuerUri = 'https://idp.example.net/contoso.com', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.internalDomainFederation', displayName: 'MFA appliance', issuerUri,
    passiveSignInUri: 'https://idp.example.net/federation/saml/sso', signOutUri: 'https://idp.example.net/federation/saml/slo',
    preferredAuthenticationProtocol: 'saml', signingCertificate: cert, federatedIdpMfaBehavior: 'enforceMfaByFederatedIdp',
    promptLoginBehavior: 'nativeSupport', ...extra,
  };
}
