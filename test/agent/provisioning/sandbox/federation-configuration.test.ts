// SPDX-License-Identifier: UNLICENSED
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { federationBody, signingCertificateBase64, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

describe('sandbox domains and federationConfiguration', () => {
  let sb: TestSandbox;
  let cert: string;
  let next: string;
  beforeAll(async () => {
    cert = await signingCertificateBase64();
    next = await signingCertificateBase64();
  });
  beforeEach(async () => {
    sb = await startTestSandbox({ domains: [{ name: 'contoso.com' }, { name: 'contoso.org' }, { name: 'fabrikam.com', isVerified: false }] });
  });
  afterEach(async () => sb.close());
  const path = '/v1.0/domains/contoso.com/federationConfiguration';

  it('creates a configuration, federates the domain, and lists it', async () => {
    const r = await sb.graph('POST', path, federationBody(cert));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ '@odata.type': '#microsoft.graph.internalDomainFederation', preferredAuthenticationProtocol: 'saml', signingCertificate: cert, federatedIdpMfaBehavior: 'enforceMfaByFederatedIdp' });
    expect((await sb.graph('GET', '/v1.0/domains/contoso.com')).json).toMatchObject({ authenticationType: 'Federated', isVerified: true });
    expect((await sb.graph('GET', path)).json.value).toHaveLength(1);
  });

  it('a bad certificate fails with 400 and leaves the domain stuck Federated (graph-docs #20203)', async () => {
    const r = await sb.graph('POST', path, federationBody('MIIBbad'));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("Invalid value specified for property 'signingCertificate' of resource 'InternalDomainFederation'.");
    expect(sb.tenant.state().domains.find((d) => d.id === 'contoso.com')).toMatchObject({ authenticationType: 'Federated', stuck: true });
    expect((await sb.graph('GET', path)).json.value).toEqual([]);
    expect((await sb.graph('POST', path, federationBody(cert))).status).toBe(400);
    expect((await sb.graph('PATCH', '/v1.0/domains/contoso.com', { authenticationType: 'Managed' })).status).toBe(400);
    sb.tenant.unstickDomain('contoso.com');
    expect((await sb.graph('POST', path, federationBody(cert))).status).toBe(201);
  });

  it('a PEM-armoured certificate or none at all is just as bad', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----`;
    expect((await sb.graph('POST', path, federationBody(pem))).status).toBe(400);
    const { signingCertificate: _omit, ...noCert } = federationBody(cert, 'https://idp.example.net/contoso.org');
    expect((await sb.graph('POST', '/v1.0/domains/contoso.org/federationConfiguration', noCert)).status).toBe(400);
    expect(sb.tenant.state().domains.filter((d) => d.stuck).map((d) => d.id).sort()).toEqual(['contoso.com', 'contoso.org']);
  });

  it('validates types and enums, and refuses initial, unverified and unknown domains', async () => {
    const badEnum = await sb.graph('POST', path, federationBody(cert, undefined, { promptLoginBehavior: 'always' }));
    expect(badEnum.status).toBe(400);
    expect(badEnum.json.error.message).toMatch(/Requested value 'always' was not found/);
    const badProtocol = await sb.graph('POST', path, federationBody(cert, undefined, { preferredAuthenticationProtocol: 'oidc' }));
    expect(badProtocol.status).toBe(400);
    const badBool = await sb.graph('POST', path, federationBody(cert, undefined, { isSignedAuthenticationRequestRequired: 'true' }));
    expect(badBool.json.error.message).toBe("Cannot convert the literal 'true' to the expected type 'Edm.Boolean'.");
    expect((await sb.graph('POST', '/v1.0/domains/contosotest.onmicrosoft.com/federationConfiguration', federationBody(cert))).status).toBe(400);
    expect((await sb.graph('POST', '/v1.0/domains/fabrikam.com/federationConfiguration', federationBody(cert))).status).toBe(400);
    expect((await sb.graph('POST', '/v1.0/domains/nowhere.com/federationConfiguration', federationBody(cert))).status).toBe(404);
    expect(sb.tenant.state().federationConfigurations).toEqual([]);
    expect(sb.tenant.state().domains.every((d) => d.authenticationType === 'Managed' && d.stuck === false)).toBe(true);
  });

  it('issuerUri is unique across domains: 409 Request_MultipleObjectsWithSameKeyValue', async () => {
    expect((await sb.graph('POST', path, federationBody(cert, 'https://idp.example.net/shared'))).status).toBe(201);
    const r = await sb.graph('POST', '/v1.0/domains/contoso.org/federationConfiguration', federationBody(cert, 'https://idp.example.net/shared'));
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('Request_MultipleObjectsWithSameKeyValue');
  });

  it('rollover through PATCH, then defederation: Managed first, then DELETE', async () => {
    const created = await sb.graph('POST', path, federationBody(cert));
    const id = String(created.json.id);
    expect((await sb.graph('PATCH', `${path}/${id}`, { nextSigningCertificate: 'bad' })).status).toBe(400);
    const rolled = await sb.graph('PATCH', `${path}/${id}`, { nextSigningCertificate: next });
    expect(rolled.status).toBe(200);
    expect(rolled.json).toMatchObject({ signingCertificate: cert, nextSigningCertificate: next });
    const swapped = await sb.graph('PATCH', `${path}/${id}`, { signingCertificate: next, nextSigningCertificate: null });
    expect(swapped.json).toMatchObject({ signingCertificate: next, nextSigningCertificate: null });
    expect((await sb.graph('DELETE', `${path}/${id}`)).status).toBe(400);
    expect((await sb.graph('PATCH', '/v1.0/domains/contoso.com', { authenticationType: 'Managed' })).status).toBe(204);
    expect((await sb.graph('DELETE', `${path}/${id}`)).status).toBe(204);
    expect(sb.tenant.state()).toMatchObject({ federationConfigurations: [] });
    expect((await sb.graph('PATCH', '/v1.0/domains/contoso.com', { authenticationType: 'Federated' })).status).toBe(400);
  });
});
