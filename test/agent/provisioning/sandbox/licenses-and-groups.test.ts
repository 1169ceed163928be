// SPDX-License-Identifier: UNLICENSED
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E3, newUser, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

const add = (skuId = E3) => ({ addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });

describe('sandbox assignLicense and subscribedSkus', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(async () => sb.close());

  it('refuses a licence without usage location, with the exact error; works once it is set', async () => {
    const u = await sb.graph('POST', '/v1.0/users', newUser('lic@contoso.com'));
    const r = await sb.graph('POST', '/v1.0/users/lic@contoso.com/assignLicense', add());
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('License assignment cannot be done for user with invalid usage location.');
    await sb.graph('PATCH', `/v1.0/users/${String(u.json.id)}`, { usageLocation: 'GB' });
    const ok = await sb.graph('POST', '/v1.0/users/lic@contoso.com/assignLicense', add());
    expect(ok.status).toBe(200);
    expect(ok.json.userPrincipalName).toBe('lic@contoso.com');
    const skus = await sb.graph('GET', '/v1.0/subscribedSkus');
    expect(skus.json.value[0]).toMatchObject({ skuId: E3, skuPartNumber: 'ENTERPRISEPACK', consumedUnits: 1, prepaidUnits: { enabled: 3 } });
    const sel = await sb.graph('GET', '/v1.0/users/lic@contoso.com?$select=assignedLicenses');
    expect(sel.json.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
  });

  it('refuses an unknown SKU, exhausted units, a missing parameter, and removing what is not assigned', async () => {
    for (let i = 0; i < 4; i += 1) await sb.graph('POST', '/v1.0/users', newUser(`u${i}@contoso.com`, { usageLocation: 'US' }));
    const unknown = await sb.graph('POST', '/v1.0/users/u0@contoso.com/assignLicense', add('00000000-0000-4000-8000-000000000000'));
    expect(unknown.json.error.message).toBe('License 00000000-0000-4000-8000-000000000000 does not correspond to a valid company License.');
    for (let i = 0; i < 3; i += 1) expect((await sb.graph('POST', `/v1.0/users/u${i}@contoso.com/assignLicense`, add())).status).toBe(200);
    const full = await sb.graph('POST', '/v1.0/users/u3@contoso.com/assignLicense', add());
    expect(full.json.error.message).toBe(`Subscription ${E3} does not have any available licenses.`);
    const missing = await sb.graph('POST', '/v1.0/users/u3@contoso.com/assignLicense', { addLicenses: [] });
    expect(missing.json.error.message).toMatch(/The missing parameters are: removeLicenses\./);
    const notAssigned = await sb.graph('POST', '/v1.0/users/u3@contoso.com/assignLicense', { addLicenses: [], removeLicenses: [E3] });
    expect(notAssigned.status).toBe(400);
    expect((await sb.graph('POST', '/v1.0/users/u0@contoso.com/assignLicense', { addLicenses: [], removeLicenses: [E3] })).status).toBe(200);
    expect(sb.tenant.state().subscribedSkus[0]?.consumed).toBe(2);
  });
});

describe('sandbox groups and members', () => {
  let sb: TestSandbox;
  let group: string;
  const ids: string[] = [];
  beforeEach(async () => {
    sb = await startTestSandbox({ throttle: { writesPerWindow: 100_000 } });
    const g = await sb.graph('POST', '/v1.0/groups', { displayName: 'MFA users', mailEnabled: false, mailNickname: 'mfa-users', securityEnabled: true });
    expect(g.status).toBe(201);
    group = String(g.json.id);
    ids.length = 0;
    for (let i = 0; i < 22; i += 1) ids.push(String((await sb.graph('POST', '/v1.0/users', newUser(`m${i}@contoso.com`))).json.id));
  });
  afterEach(async () => sb.close());
  const ref = (id: string) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;

  it('adds with $ref, refuses a duplicate, removes with DELETE $ref', async () => {
    expect((await sb.graph('POST', `/v1.0/groups/${group}/members/$ref`, { '@odata.id': ref(ids[0] ?? '') })).status).toBe(204);
    const dup = await sb.graph('POST', `/v1.0/groups/${group}/members/$ref`, { '@odata.id': ref(ids[0] ?? '') });
    expect(dup.json.error.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
    const members = await sb.graph('GET', `/v1.0/groups/${group}/members?$select=id,userPrincipalName`);
    expect(members.json.value).toEqual([{ '@odata.type': '#microsoft.graph.user', id: ids[0], userPrincipalName: 'm0@contoso.com' }]);
    expect((await sb.graph('DELETE', `/v1.0/groups/${group}/members/${ids[0] ?? ''}/$ref`)).status).toBe(204);
    expect((await sb.graph('DELETE', `/v1.0/groups/${group}/members/${ids[0] ?? ''}/$ref`)).status).toBe(404);
  });

  it('members@odata.bind: at most 20, all or nothing', async () => {
    const tooMany = await sb.graph('PATCH', `/v1.0/groups/${group}`, { 'members@odata.bind': ids.slice(0, 21).map(ref) });
    expect(tooMany.status).toBe(400);
    const oneUnknown = await sb.graph('PATCH', `/v1.0/groups/${group}`, { 'members@odata.bind': [...ids.slice(0, 5).map(ref), ref('00000000-0000-4000-8000-000000000000')] });
    expect(oneUnknown.status).toBe(404);
    expect(sb.tenant.state().groups[0]?.members).toEqual([]);
    expect((await sb.graph('PATCH', `/v1.0/groups/${group}`, { 'members@odata.bind': ids.slice(0, 20).map(ref) })).status).toBe(204);
    expect(sb.tenant.state().groups[0]?.members).toHaveLength(20);
    expect(sb.tenant.counters().writes['add member']).toBe(20);
  });
});
