// SPDX-License-Identifier: UNLICENSED
import { Agent } from 'node:https';
import { ClientCertificateCredential, ClientSecretCredential, type ClientSecretCredentialOptions } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxListening, SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import { createSystemClock } from '../../../../agent/ports/clock.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createSelfSignedCertificate } from '../../../../agent/tls/create-self-signed-certificate.js';
import { CLIENT_ID, httpsRequest, SECRET, TENANT_ID } from './sandbox-fixture.js';

/**
 * The real @azure/identity against the sandbox (reference §4.9): with `disableInstanceDiscovery` it sends
 * the OIDC discovery GET, then the token POST. The sandbox CA is trusted through a pipeline policy that
 * sets core-rest-pipeline's per-request `agent` (no NODE_EXTRA_CA_CERTS needed).
 */
describe('@azure/identity against the sandbox tenant', () => {
  let tenant: SandboxTenant;
  let listening: SandboxListening;
  let agent: Agent;
  let certificate: string;

  type Policy = NonNullable<ClientSecretCredentialOptions['additionalPolicies']>[number]['policy'];
  const trustSandboxCa: Policy = {
    name: 'sandbox-ca',
    sendRequest: (req, next) => {
      req.agent = agent;
      return next(req);
    },
  };
  const options = (): ClientSecretCredentialOptions => ({
    authorityHost: listening.authorityUrl,
    disableInstanceDiscovery: true,
    additionalPolicies: [{ position: 'perCall', policy: trustSandboxCa }],
  });

  beforeAll(async () => {
    const clock = createSystemClock();
    const random = createSystemRandom();
    const signing = await createSelfSignedCertificate({ commonName: 'app', altNames: [], profile: 'signing', now: clock.now(), serial: random.bytes(16) });
    certificate = signing.certPem + signing.keyPem;
    tenant = createSandboxTenant({ clock, random, tenantId: TENANT_ID, apps: [{ clientId: CLIENT_ID, secrets: [SECRET], certificatesPem: [signing.certPem] }] });
    listening = await tenant.listen();
    agent = new Agent({ ca: listening.caCertPem });
  });
  afterAll(async () => {
    agent.destroy();
    await listening.close();
  });

  it('ClientSecretCredential obtains a token that Graph endpoints accept', async () => {
    const before = tenant.counters().httpRequests;
    const cred = new ClientSecretCredential(TENANT_ID, CLIENT_ID, SECRET, options());
    const token = await cred.getToken('https://graph.microsoft.com/.default');
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
    expect(tenant.counters().httpRequests - before).toBe(2);
    const me = await httpsRequest(`${listening.url}/v1.0/domains`, { ca: listening.caCertPem, headers: { authorization: `Bearer ${token.token}` } });
    expect(me.status).toBe(200);
    expect(me.json.value.map((d: { id: string }) => d.id)).toContain('sandbox.onmicrosoft.com');
  });

  it('ClientCertificateCredential signs a client assertion the sandbox verifies', async () => {
    const cred = new ClientCertificateCredential(TENANT_ID, CLIENT_ID, { certificate }, options());
    const token = await cred.getToken('https://graph.microsoft.com/.default');
    expect(token.token.length).toBeGreaterThan(100);
    expect(tenant.counters().tokensIssued).toBe(2);
  });

  it('a wrong secret surfaces AADSTS7000215 through @azure/identity', async () => {
    const cred = new ClientSecretCredential(TENANT_ID, CLIENT_ID, 'wrong', options());
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS7000215/);
  });
});
