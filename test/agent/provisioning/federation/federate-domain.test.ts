// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { FederateResult } from '../../../../agent/provisioning/federation/federate-domain.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import { ACTOR, PUBLIC_URL, useFederationWorld, type FederationWorld, failure } from './federation-world.js';

const DAY = 86_400_000;
const statuses = (r: FederateResult): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.name, c.status]));
const ALL_OK = {
  'domain exists in Entra': 'ok', 'domain verified': 'ok', 'custom domain': 'ok', 'domain state': 'ok',
  'configured here': 'ok', 'signing certificate': 'ok', 'immutable ids': 'ok', 'issuer unique': 'ok',
};

/** A refused run changed nothing in Entra and audited the failed checks. */
async function expectRefused(w: FederationWorld, r: FederateResult, failed: string[]): Promise<void> {
  expect(r.outcome).toBe('refused');
  expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.name)).toEqual(failed);
  for (const c of r.checks.filter((x) => x.status === 'fail')) expect(c.fix, c.name).toMatch(/\S/);
  expect(w.tenant.state().federationConfigurations).toEqual([]);
  expect(w.tenant.counters().writes['create federationConfiguration']).toBeUndefined();
  const audit = await w.audited('graph.domain_federated');
  expect(audit.at(-1)).toMatchObject({ outcome: 'failure', details: { reason: 'checks_failed', checks: failed } });
}

describe('federateDomain against the sandbox tenant', () => {
  const world = useFederationWorld();

  test('all checks pass: creates the internalDomainFederation Entra needs; a rerun is "already federated"; a next key is PATCHed in', async () => {
    const w = await world();
    await w.provision(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.org']);
    const r = await w.provisioner.federateDomain('Contoso.com', { actor: ACTOR });
    expect(statuses(r)).toEqual(ALL_OK);
    expect(r.checks.find((c) => c.name === 'immutable ids')?.detail).toContain('2 provisioned user(s)');
    expect(r).toMatchObject({ domain: 'contoso.com', outcome: 'federated', protocol: 'saml', issuer: `${PUBLIC_URL}/federation/contoso.com` });
    const current = await w.keys.current();
    // Exactly these properties were sent (no activeSignInUri or metadataExchangeUri: no WS-Trust here).
    expect(w.configuration('contoso.com')).toEqual({
      id: r.configurationId, domainId: 'contoso.com',
      displayName: 'mfa-appliance mfa.contoso.com', issuerUri: `${PUBLIC_URL}/federation/contoso.com`,
      passiveSignInUri: `${PUBLIC_URL}/federation/saml/sso`, signOutUri: `${PUBLIC_URL}/federation/saml/slo`,
      preferredAuthenticationProtocol: 'saml', signingCertificate: current.certificateDer.toString('base64'), nextSigningCertificate: null,
      federatedIdpMfaBehavior: 'enforceMfaByFederatedIdp', promptLoginBehavior: 'nativeSupport', isSignedAuthenticationRequestRequired: false,
      signingCertificateUpdateStatus: expect.objectContaining({ certificateUpdateResult: 'Success' }) as unknown,
    });
    const published = new X509Certificate(Buffer.from(String(w.configuration('contoso.com')?.signingCertificate), 'base64'));
    expect(published.checkPrivateKey(current.privateKey)).toBe(true);
    expect(w.domain('contoso.com')).toMatchObject({ authenticationType: 'Federated' });
    expect(w.domain('contoso.org')).toMatchObject({ authenticationType: 'Managed' });
    expect(await w.audited('graph.domain_federated')).toEqual([{
      subject: 'contoso.com', outcome: 'success',
      details: { protocol: 'saml', issuer: `${PUBLIC_URL}/federation/contoso.com`, federatedIdpMfaBehavior: 'enforceMfaByFederatedIdp', configurationId: r.configurationId, thumbprint: current.thumbprintSha256 },
    }]);

    const writes = { ...w.tenant.counters().writes };
    const again = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(again).toMatchObject({ outcome: 'already_federated', configurationId: r.configurationId, changed: [] });
    expect(w.tenant.counters().writes).toEqual(writes);

    const next = await w.keys.generateNext(ACTOR);
    const updated = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(updated).toMatchObject({ outcome: 'updated', changed: ['nextSigningCertificate'] });
    expect(w.configuration('contoso.com')?.nextSigningCertificate).toBe(next.certificateDer.toString('base64'));
    expect((await w.audited('graph.domain_federated')).map((a) => a.outcome)).toEqual(['success', 'success']);
  });

  test('WS-Federation: the wsfed endpoint and wsFed protocol; --protocol against the configured one warns but is honoured', async () => {
    const w = await world({ domains: ['{ name: contoso.com, protocol: wsfed }', '{ name: contoso.org }'], requireSignedRequests: true });
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(r.outcome).toBe('federated');
    expect(w.configuration('contoso.com')).toMatchObject({
      preferredAuthenticationProtocol: 'wsFed', passiveSignInUri: `${PUBLIC_URL}/federation/wsfed`, signOutUri: `${PUBLIC_URL}/federation/wsfed`,
      isSignedAuthenticationRequestRequired: true,
    });
    const other = await w.provisioner.federateDomain('contoso.org', { protocol: 'wsfed', actor: ACTOR });
    expect(other.outcome).toBe('federated');
    expect(other.checks.find((c) => c.name === 'configured here')).toMatchObject({ status: 'warn', fix: expect.stringContaining('federation.domains[1].protocol: wsfed') as unknown });
    expect(w.configuration('contoso.org')).toMatchObject({ preferredAuthenticationProtocol: 'wsFed', issuerUri: `${PUBLIC_URL}/federation/contoso.org` });
  });

  test('refused: an unverified domain', async () => {
    const w = await world({ domains: ['{ name: fabrikam.com }'] });
    const r = await w.provisioner.federateDomain('fabrikam.com', { actor: ACTOR });
    await expectRefused(w, r, ['domain verified']);
    expect(r.checks.find((c) => c.name === 'domain verified')?.fix).toContain('TXT record');
    expect(w.domain('fabrikam.com')).toMatchObject({ authenticationType: 'Managed', stuck: false });
  });

  test('refused: the *.onmicrosoft.com initial domain', async () => {
    const w = await world({ domains: ['{ name: sandbox.onmicrosoft.com }'] });
    const r = await w.provisioner.federateDomain('sandbox.onmicrosoft.com', { actor: ACTOR });
    await expectRefused(w, r, ['custom domain']);
  });

  test('refused: a domain Entra does not know, and one not in federation.domains', async () => {
    const w = await world({ domains: ['{ name: nowhere.net }'] });
    await expectRefused(w, await w.provisioner.federateDomain('nowhere.net', { actor: ACTOR }), ['domain exists in Entra']);
    const r = await w.provisioner.federateDomain('contoso.org', { actor: ACTOR });
    await expectRefused(w, r, ['configured here']);
    expect(r.checks.find((c) => c.name === 'configured here')?.fix).toContain('{ name: contoso.org, protocol: saml }');
    expect(statuses(r)['issuer unique']).toBe('skipped');
  });

  test('refused: a provisioned user without an immutable ID in Entra; an unmanaged one only warns', async () => {
    const w = await world();
    await w.provision(['alice@contoso.com', 'bob@contoso.com']);
    const alice = await w.admin.getUserByUpn('alice@contoso.com');
    await w.admin.updateUser(alice?.id ?? '', { onPremisesImmutableId: null });
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    await expectRefused(w, r, ['immutable ids']);
    expect(r.checks.find((c) => c.name === 'immutable ids')).toMatchObject({ detail: expect.stringContaining('alice@contoso.com has none') as unknown, fix: expect.stringContaining('graph sync') as unknown });

    await w.provisioner.sync({ actor: ACTOR, restoreDeleted: false, purgeDeleted: false });
    expect((await w.admin.getUserByUpn('alice@contoso.com'))?.onPremisesImmutableId).toBe((await w.services.directory.users.get('alice@contoso.com')).immutableId);
    await w.admin.createUser({
      accountEnabled: true, displayName: 'Cloud admin', mailNickname: 'cloudadmin', userPrincipalName: 'cloudadmin@contoso.com',
      passwordProfile: { password: 'Xy7!random-Passw0rd', forceChangePasswordNextSignIn: false },
    });
    const ok = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(ok.outcome).toBe('federated');
    expect(ok.checks.find((c) => c.name === 'immutable ids')).toMatchObject({ status: 'warn', detail: expect.stringContaining('cloudadmin@contoso.com') as unknown });
  });

  test('refused: the issuer is already used by another federated domain of the tenant', async () => {
    const w = await world({ domains: ['{ name: contoso.com, issuer: "urn:contoso:idp" }'] });
    const cert = (await w.keys.published()).current.certificateDer.toString('base64');
    await w.admin.createFederationConfiguration('contoso.org', {
      displayName: 'old idp', issuerUri: 'urn:contoso:idp', passiveSignInUri: 'https://sts.contoso.org/adfs/ls', preferredAuthenticationProtocol: 'wsFed', signingCertificate: cert,
    });
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(r.checks.find((c) => c.name === 'issuer unique')).toMatchObject({ status: 'fail', detail: expect.stringContaining('contoso.org') as unknown, fix: expect.stringContaining('federation.domains[0].issuer') as unknown });
    expect(r.outcome).toBe('refused');
    expect(w.configuration('contoso.com')).toBeUndefined();
  });

  test('refused: an expired signing certificate, and no signing key at all', async () => {
    const keysClock = fixedClock(Date.now() - 40 * DAY);
    const w = await world({ validityDays: 30, keysClock });
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    await expectRefused(w, r, ['signing certificate']);
    expect(r.checks.find((c) => c.name === 'signing certificate')).toMatchObject({ detail: expect.stringContaining('valid only from') as unknown, fix: expect.stringContaining('generate-next') as unknown });

    const bare = await world({ withKey: false });
    const none = await bare.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    await expectRefused(bare, none, ['signing certificate']);
    expect(none.checks.find((c) => c.name === 'signing certificate')?.detail).toContain('no current token-signing key');
  });

  test('refused: a domain left Federated without a configuration by an earlier bad POST', async () => {
    const w = await world();
    await failure(w.admin.createFederationConfiguration('contoso.com', {
      issuerUri: 'urn:x', passiveSignInUri: 'https://x.example/sso', preferredAuthenticationProtocol: 'saml', signingCertificate: 'MIIBbad',
    }));
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    await expectRefused(w, r, ['domain state']);
    expect(r.checks.find((c) => c.name === 'domain state')?.fix).toContain('support');
  });

  test('a 409 from Graph ends in a clear error naming the issuer problem, audited; nothing is half-done', async () => {
    const w = await world();
    w.tenant.injectFault({ method: 'POST', path: /federationConfiguration$/ }, { kind: 'status', status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' });
    const err = await failure(w.provisioner.federateDomain('contoso.com', { actor: ACTOR }));
    expect(err.code).toBe('ERR_GRAPH');
    expect(err.message).toContain('creating the federation configuration for contoso.com failed');
    expect(err.message).toContain('federation.domains[].issuer');
    expect(err.data).toMatchObject({ status: 409, graphCode: 'Request_MultipleObjectsWithSameKeyValue', domain: 'contoso.com' });
    expect(w.configuration('contoso.com')).toBeUndefined();
    expect(w.domain('contoso.com')).toMatchObject({ authenticationType: 'Managed', stuck: false });
    expect((await w.audited('graph.domain_federated')).at(-1)).toMatchObject({ outcome: 'failure', details: { reason: 'Request_MultipleObjectsWithSameKeyValue' } });
  });

  test('503s outlasting the retries end in a resumable error; the rerun federates', async () => {
    const w = await world({ maxRetries: 1 });
    w.tenant.injectFault({ method: 'POST', path: /federationConfiguration$/, times: 2 }, { kind: 'status', status: 503 });
    const err = await failure(w.provisioner.federateDomain('contoso.com', { actor: ACTOR }));
    expect(err.code).toBe('ERR_GRAPH');
    expect(err.data.status).toBe(503);
    expect(err.message).toContain('rerun `mfa-appliance graph federate --domain contoso.com`');
    expect(w.configuration('contoso.com')).toBeUndefined();
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(r.outcome).toBe('federated');
    expect(w.tenant.state().federationConfigurations).toHaveLength(1);
  });

  test('a managed domain still holding a configuration (an unfinished defederation) is federated afresh', async () => {
    const w = await world();
    const first = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    await w.admin.setDomainAuthenticationType('contoso.com', 'Managed');
    const r = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    expect(r.outcome).toBe('federated');
    expect(r.configurationId).not.toBe(first.configurationId);
    expect(w.tenant.state().federationConfigurations.map((f) => f.id)).toEqual([r.configurationId]);
    expect(w.domain('contoso.com')).toMatchObject({ authenticationType: 'Federated' });
  });
});
