// SPDX-License-Identifier: UNLICENSED
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { federationBody, newUser, signingCertificateBase64, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

describe('sandbox /users', () => {
  let sb: TestSandbox;
  let cert: string;
  beforeAll(async () => {
    cert = await signingCertificateBase64();
  });
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(async () => sb.close());

  const federateContoso = async (): Promise<void> => {
    const r = await sb.graph('POST', '/v1.0/domains/contoso.com/federationConfiguration', federationBody(cert));
    expect(r.status, r.text).toBe(201);
  };

  it('creates a user: 201, default view without onPremisesImmutableId, password never returned', async () => {
    const r = await sb.graph('POST', '/v1.0/users', newUser('elwood@contoso.com', { onPremisesImmutableId: 'ABCDEFG1234567890', usageLocation: 'US' }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ userPrincipalName: 'elwood@contoso.com', displayName: 'elwood', businessPhones: [], mail: null });
    expect(r.json).not.toHaveProperty('onPremisesImmutableId');
    expect(r.text).not.toContain('Passw0rd');
    const sel = await sb.graph('GET', `/v1.0/users/${String(r.json.id)}?$select=id,onPremisesImmutableId,accountEnabled`);
    expect(sel.json).toEqual({ '@odata.context': expect.any(String), id: r.json.id, onPremisesImmutableId: 'ABCDEFG1234567890', accountEnabled: true });
    expect(sb.tenant.counters().writes['create user']).toBe(1);
  });

  it('needs onPremisesImmutableId on a federated domain: the SourceAnchor error', async () => {
    await federateContoso();
    const r = await sb.graph('POST', '/v1.0/users', newUser('nosource@contoso.com'));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'Request_BadRequest', message: 'SourceAnchor is a required property for creation of a federated user.' });
    expect(sb.tenant.state().users).toHaveLength(0);
    expect((await sb.graph('POST', '/v1.0/users', newUser('src@contoso.com', { onPremisesImmutableId: 'aW1tdXRhYmxl' }))).status).toBe(201);
  });

  it('refuses a missing required property and a weak password', async () => {
    const { mailNickname: _omit, ...noNick } = newUser('a@contoso.com');
    const r = await sb.graph('POST', '/v1.0/users', noNick);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("Invalid value specified for property 'mailNickname' of resource 'User'.");
    const weak = await sb.graph('POST', '/v1.0/users', newUser('a@contoso.com', { passwordProfile: { password: 'password' } }));
    expect(weak.json.error.message).toMatch(/password complexity/);
  });

  it.each([
    ['é@contoso.com', 'Property userPrincipalName is invalid.'],
    ['a.@contoso.com', 'Property userPrincipalName is invalid.'],
    ['a@b@contoso.com', 'Property userPrincipalName is invalid.'],
    [`${'x'.repeat(65)}@contoso.com`, 'Property userPrincipalName is invalid.'],
    ['a@fabrikam.com', 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.'],
    ['a@elsewhere.org', 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.'],
  ])('refuses UPN %s (§4.2)', async (upn, message) => {
    const r = await sb.graph('POST', '/v1.0/users', newUser(upn, { mailNickname: 'ok' }));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(message);
    expect(r.json.error.details[0]).toMatchObject({ target: 'userPrincipalName' });
  });

  it('ObjectConflict for a UPN or immutable ID held by a soft-deleted user, until it is purged', async () => {
    const created = await sb.graph('POST', '/v1.0/users', newUser('bob@contoso.com', { onPremisesImmutableId: 'Ym9i' }));
    expect((await sb.graph('DELETE', `/v1.0/users/${String(created.json.id)}`)).status).toBe(204);
    expect((await sb.graph('GET', '/v1.0/users/bob@contoso.com')).status).toBe(404);
    const again = await sb.graph('POST', '/v1.0/users', newUser('bob@contoso.com'));
    expect(again.status).toBe(400);
    expect(again.json.error.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    expect(again.json.error.details).toEqual([expect.objectContaining({ code: 'ObjectConflict', target: 'userPrincipalName' })]);
    const byAnchor = await sb.graph('POST', '/v1.0/users', newUser('robert@contoso.com', { onPremisesImmutableId: 'Ym9i' }));
    expect(byAnchor.json.error.details[0]).toMatchObject({ code: 'ObjectConflict', target: 'onPremisesImmutableId' });
    const deleted = await sb.graph('GET', `/v1.0/directory/deletedItems/microsoft.graph.user?$filter=userPrincipalName eq 'bob@contoso.com'&$select=id,userPrincipalName,onPremisesImmutableId`);
    expect(deleted.json.value).toEqual([expect.objectContaining({ id: created.json.id, onPremisesImmutableId: 'Ym9i' })]);
    expect((await sb.graph('DELETE', `/v1.0/directory/deletedItems/${String(created.json.id)}`)).status).toBe(204);
    expect((await sb.graph('POST', '/v1.0/users', newUser('bob@contoso.com'))).status).toBe(201);
  });

  it('restores a soft-deleted user with its licences and memberships', async () => {
    const u = await sb.graph('POST', '/v1.0/users', newUser('carol@contoso.com', { usageLocation: 'DE' }));
    const id = String(u.json.id);
    await sb.graph('POST', `/v1.0/users/${id}/assignLicense`, { addLicenses: [{ skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', disabledPlans: [] }], removeLicenses: [] });
    await sb.graph('DELETE', `/v1.0/users/${id}`);
    expect(sb.tenant.state().subscribedSkus[0]?.consumed).toBe(0);
    const r = await sb.graph('POST', `/v1.0/directory/deletedItems/${id}/restore`, {});
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ '@odata.type': '#microsoft.graph.user', id });
    expect(sb.tenant.state().subscribedSkus[0]?.consumed).toBe(1);
    expect(sb.tenant.state().deletedUsers).toHaveLength(0);
  });

  it('filters by immutable ID only when "+" is percent-encoded (a raw + reads as a space)', async () => {
    await sb.graph('POST', '/v1.0/users', newUser('dave@contoso.com', { onPremisesImmutableId: 'ab+c/d==' }));
    const encoded = await sb.graph('GET', `/v1.0/users?$filter=${encodeURIComponent("onPremisesImmutableId eq 'ab+c/d=='")}&$select=id,onPremisesImmutableId`);
    expect(encoded.json.value).toHaveLength(1);
    const raw = await sb.graph('GET', "/v1.0/users?$filter=onPremisesImmutableId eq 'ab+c/d=='");
    expect(raw.json.value).toHaveLength(0);
    const quoted = await sb.graph('GET', `/v1.0/users?$filter=${encodeURIComponent("displayName eq 'o''brien' or userPrincipalName eq 'DAVE@contoso.com'")}`);
    expect(quoted.json.value.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual(['dave@contoso.com']);
    const bad = await sb.graph('GET', `/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'d')")}`);
    expect(bad.json.error.code).toBe('Request_UnsupportedQuery');
  });

  it('pages with $top and @odata.nextLink until every user is seen once', async () => {
    for (let i = 0; i < 7; i += 1) await sb.graph('POST', '/v1.0/users', newUser(`p${i}@contoso.com`));
    const seen: string[] = [];
    let next: string | undefined = `${sb.url}/v1.0/users?$top=3&$select=userPrincipalName`;
    let pages = 0;
    while (next) {
      const r = await sb.graph('GET', next.slice(sb.url.length));
      seen.push(...r.json.value.map((u: { userPrincipalName: string }) => u.userPrincipalName));
      next = r.json['@odata.nextLink'] as string | undefined;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `p${i}@contoso.com`));
    expect((await sb.graph('GET', '/v1.0/users?$top=1000')).status).toBe(400);
  });

  it('PATCH: changing the immutable ID of a federated user fails; the onmicrosoft.com detour works', async () => {
    await federateContoso();
    const u = await sb.graph('POST', '/v1.0/users', newUser('erin@contoso.com', { onPremisesImmutableId: 'old' }));
    const id = String(u.json.id);
    const direct = await sb.graph('PATCH', `/v1.0/users/${id}`, { onPremisesImmutableId: 'new' });
    expect(direct.status).toBe(400);
    expect(direct.json.error.message).toBe('You must provide a required property: Parameter name: FederatedUser.SourceAnchor');
    expect((await sb.graph('PATCH', `/v1.0/users/${id}`, { userPrincipalName: 'erin@contosotest.onmicrosoft.com' })).status).toBe(204);
    expect((await sb.graph('PATCH', `/v1.0/users/${id}`, { onPremisesImmutableId: 'new' })).status).toBe(204);
    expect((await sb.graph('PATCH', `/v1.0/users/${id}`, { userPrincipalName: 'erin@contoso.com', accountEnabled: false })).status).toBe(204);
    expect(sb.tenant.state().users[0]).toMatchObject({ userPrincipalName: 'erin@contoso.com', onPremisesImmutableId: 'new', accountEnabled: false });
  });

  it('validates bodies against the Graph types', async () => {
    const unknown = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com', { favouriteColour: 'blue' }));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/^The property 'favouriteColour' does not exist on type 'microsoft.graph.user'\./);
    const wrongType = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com', { accountEnabled: 'yes' }));
    expect(wrongType.json.error.message).toBe("Cannot convert the literal 'yes' to the expected type 'Edm.Boolean'.");
    const nested = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com', { passwordProfile: { password: 'Xy7!aaaaaaa', forceChange: true } }));
    expect(nested.json.error.message).toMatch(/'forceChange' does not exist on type 'microsoft.graph.passwordProfile'/);
    const array = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com', { businessPhones: '+1 555' }));
    expect(array.json.error.message).toMatch(/A 'StartArray' node was expected/);
    const declaredByMicrosoft = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com', { faxNumber: '+1 555 0100' }));
    expect(declaredByMicrosoft.status).toBe(201);
    const malformed = await sb.graph('POST', '/v1.0/users', '{"accountEnabled": tru');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('BadRequest');
    expect(sb.tenant.state().users.map((u) => u.userPrincipalName)).toEqual(['f@contoso.com']);
  });
});
