// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { CHANGE_ORDER } from '../../../../agent/provisioning/sync/sync-plan.js';
import type { GraphUser } from '../../../../agent/provisioning/graph/user-operations.js';
import { ACTOR, E3, E5, useSyncWorld } from './sync-world.js';

const STAFF = '{ group: staff, usageLocation: US, licenses: [ENTERPRISEPACK], deprovision: disable, entraGroupId: "$ENTRA" }';
const ADMINS = '{ group: admins, usageLocation: DE, licenses: [ENTERPRISEPREMIUM], deprovision: disable }';
const CONTRACTORS = '{ group: contractors, usageLocation: FR, deprovision: delete }';

const kinds = (changes: Array<{ kind: string; upn: string }>): string[] => changes.map((c) => `${c.kind} ${c.upn}`);

describe('sync engine against the sandbox tenant', () => {
  const world = useSyncWorld();

  test('plan: creates with licence and group; dry run changes nothing; apply lands every change with its audit record', async () => {
    const w = await world({ groups: [STAFF, ADMINS, CONTRACTORS] });
    await w.addUser('alice@contoso.com', ['staff']);
    await w.addUser('bob@contoso.com', ['staff', 'admins']);
    await w.addUser('carol@contoso.com', ['admins', 'staff'], { enabled: false });
    await w.addUser('dave@contoso.com', ['contractors']);
    await w.addUser('erin@contoso.com', []);
    const dry = await w.provisioner.dryRun();
    expect(dry.run.status).toBe('planned');
    expect(kinds(dry.plan.changes)).toEqual([
      'create_user alice@contoso.com', 'assign_license alice@contoso.com',
      'create_user bob@contoso.com', 'assign_license bob@contoso.com',
      'create_user carol@contoso.com', 'assign_license carol@contoso.com',
      'create_user dave@contoso.com',
      'add_member alice@contoso.com', 'add_member bob@contoso.com', 'add_member carol@contoso.com',
    ]);
    const bobCreate = dry.plan.changes.find((c) => c.upn === 'bob@contoso.com')?.payload;
    expect(bobCreate?.user).toEqual({
      accountEnabled: true, displayName: 'bob', mailNickname: 'bob', userPrincipalName: 'bob@contoso.com',
      onPremisesImmutableId: await w.immutableIdOf('bob@contoso.com'), usageLocation: 'US',
    });
    expect(dry.plan.changes.find((c) => c.kind === 'assign_license' && c.upn === 'bob@contoso.com')?.payload).toMatchObject({ add: [E3.skuId, E5.skuId].sort(), remove: [] });
    // staff is listed first in graph.sync.groups, so its usage location wins for carol.
    expect(dry.plan.changes.find((c) => c.upn === 'carol@contoso.com')?.payload.user).toMatchObject({ accountEnabled: false, usageLocation: 'US' });
    expect(JSON.stringify(dry.plan)).not.toMatch(/password/i);
    expect(w.tenant.state().users).toEqual([]);
    expect((await w.provisioner.lastPlan())?.run.id).toBe(dry.run.id);

    const out = await w.provisioner.sync({ actor: ACTOR });
    expect(out.report).toMatchObject({ status: 'done', error: null, counts: { planned: 10, done: 10, failed: 0, pending: 0 } });
    const users = new Map(w.tenant.state().users.map((u) => [String(u.userPrincipalName), u]));
    expect([...users.keys()].sort()).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'dave@contoso.com']);
    expect(users.get('bob@contoso.com')).toMatchObject({ onPremisesImmutableId: await w.immutableIdOf('bob@contoso.com'), usageLocation: 'US', accountEnabled: true });
    expect((users.get('bob@contoso.com')?.assignedLicenses as Array<{ skuId: string }>).map((l) => l.skuId).sort()).toEqual([E3.skuId, E5.skuId].sort());
    expect(users.get('carol@contoso.com')).toMatchObject({ accountEnabled: false, usageLocation: 'US' });
    expect(users.get('dave@contoso.com')?.assignedLicenses).toEqual([]);
    const members = w.tenant.state().groups.find((g) => g.id === w.entraGroupId)?.members ?? [];
    expect(members.sort()).toEqual(['alice', 'bob', 'carol'].map((n) => String(users.get(`${n}@contoso.com`)?.id)).sort());
    const links = await w.services.store.provisioning.listLinks();
    expect(links.map((l) => [l.entraId, l.state]).sort()).toEqual([...users.values()].map((u) => [u.id, u.accountEnabled ? 'enabled' : 'disabled']).sort());
    // One members@odata.bind PATCH ('update group') adds the three members; 'create group' is the fixture's.
    expect(w.tenant.counters().writes).toEqual({ 'create group': 1, 'create user': 4, assignLicense: 3, 'update group': 1, 'add member': 3 });
    const audit = (await w.services.store.audit.list(0, 500)).filter((a) => a.event.startsWith('graph.'));
    const events = audit.map((a) => a.event);
    expect(events.filter((e) => e === 'graph.user_created')).toHaveLength(4);
    expect(events.filter((e) => e === 'graph.license_changed')).toHaveLength(3);
    expect(events.filter((e) => e === 'graph.group_changed')).toHaveLength(3);
    expect(events).toContain('graph.sync_started');
    expect(events).toContain('graph.sync_finished');

    const again = await w.provisioner.sync({ actor: ACTOR });
    expect(again.plan?.plan.changes).toEqual([]);
    expect(again.report?.status).toBe('done');
  });

  test('plan: update only changed attributes, disable and delete by rule, licence and group removal', async () => {
    const w = await world({ groups: [STAFF, ADMINS, CONTRACTORS] });
    await w.addUser('alice@contoso.com', ['staff']);
    await w.addUser('bob@contoso.com', ['staff', 'admins']);
    await w.addUser('dave@contoso.com', ['contractors']);
    await w.addUser('frank@contoso.com', ['staff']);
    expect((await w.provisioner.sync({ actor: ACTOR })).report?.status).toBe('done');
    await w.services.directory.users.update('alice@contoso.com', { displayName: 'Alice Liddell' }, ACTOR);
    await w.services.directory.groups.removeMember('staff', 'bob@contoso.com', ACTOR);
    await w.services.directory.groups.removeMember('contractors', 'dave@contoso.com', ACTOR);
    await w.services.directory.groups.removeMember('staff', 'frank@contoso.com', ACTOR);
    const dry = await w.provisioner.dryRun();
    expect(kinds(dry.plan.changes).sort()).toEqual([
      'update_user alice@contoso.com', 'update_user bob@contoso.com', 'assign_license bob@contoso.com', 'disable_user frank@contoso.com',
      'remove_member bob@contoso.com', 'remove_member frank@contoso.com', 'delete_user dave@contoso.com',
    ].sort());
    const ranks = dry.plan.changes.map((c) => CHANGE_ORDER.indexOf(c.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const change = (kind: string, upn: string) => dry.plan.changes.find((c) => c.kind === kind && c.upn === upn)?.payload;
    expect(change('update_user', 'alice@contoso.com')?.changes).toEqual({ displayName: 'Alice Liddell' });
    expect(change('update_user', 'bob@contoso.com')?.changes).toEqual({ usageLocation: 'DE' });
    expect(change('assign_license', 'bob@contoso.com')).toMatchObject({ add: [], remove: [E3.skuId] });
    const out = await w.provisioner.sync({ actor: ACTOR });
    expect(out.report).toMatchObject({ status: 'done', counts: { done: 7 } });
    const state = w.tenant.state();
    const by = (upn: string): Record<string, unknown> | undefined => state.users.find((u) => u.userPrincipalName === upn);
    expect(by('alice@contoso.com')?.displayName).toBe('Alice Liddell');
    expect(by('bob@contoso.com')).toMatchObject({ usageLocation: 'DE', assignedLicenses: [{ skuId: E5.skuId, disabledPlans: [] }] });
    expect(by('frank@contoso.com')?.accountEnabled).toBe(false);
    expect(by('dave@contoso.com')).toBeUndefined();
    expect(state.deletedUsers.map((u) => u.userPrincipalName)).toEqual(['dave@contoso.com']);
    expect(state.groups.find((g) => g.id === w.entraGroupId)?.members).toEqual([by('alice@contoso.com')?.id]);
    const links = new Map((await w.services.store.provisioning.listLinks()).map((l) => [l.entraId, l.state]));
    expect(links.get(String(by('frank@contoso.com')?.id))).toBe('disabled');
    expect(links.get(String(state.deletedUsers[0]?.id))).toBe('deleted');
    expect((await w.provisioner.dryRun()).plan.changes).toEqual([]);
  });

  test('no usage location: the licence is refused in the plan, the user is created, no assignLicense is sent', async () => {
    const w = await world({ groups: ['{ group: staff, licenses: [ENTERPRISEPACK] }'] });
    await w.addUser('gina@contoso.com', ['staff']);
    const dry = await w.provisioner.dryRun();
    expect(kinds(dry.plan.changes)).toEqual(['create_user gina@contoso.com']);
    expect(dry.plan.issues).toEqual([expect.objectContaining({ kind: 'no_usage_location', upn: 'gina@contoso.com', data: { skuIds: [E3.skuId] } })]);
    expect(dry.plan.issues[0]?.message).toContain('usage location');
    const out = await w.provisioner.sync({ actor: ACTOR });
    expect(out.report).toMatchObject({ status: 'done', counts: { failed: 0, issues: 1 } });
    expect(w.tenant.state().users).toMatchObject([{ userPrincipalName: 'gina@contoso.com', assignedLicenses: [] }]);
    expect(w.tenant.counters().writes.assignLicense).toBeUndefined();
    expect((await w.provisioner.dryRun()).plan.issues.map((i) => i.kind)).toEqual(['no_usage_location']);
  });

  test('unknown SKU part number: a plan error naming it and the tenant\'s SKUs, nothing saved', async () => {
    const w = await world({ groups: ['{ group: staff, usageLocation: US, licenses: [SPE_E5] }'] });
    await w.addUser('hal@contoso.com', ['staff']);
    const err = await w.provisioner.dryRun().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_INVALID_INPUT', data: { unknown: ['SPE_E5'], available: ['ENTERPRISEPACK', 'ENTERPRISEPREMIUM'] } });
    expect((err as Error).message).toContain('"SPE_E5"');
    expect(await w.provisioner.lastPlan()).toBeNull();
  });

  test('federated domain: the immutable id is always sent, so no SourceAnchor error', async () => {
    const { federationBody, signingCertificateBase64 } = await import('../sandbox/sandbox-fixture.js');
    const w = await world({ groups: [STAFF] });
    await w.admin.request({ method: 'POST', path: '/domains/contoso.com/federationConfiguration', body: federationBody(await signingCertificateBase64()) });
    expect(w.tenant.state().domains.find((d) => d.id === 'contoso.com')?.authenticationType).toBe('Federated');
    await w.addUser('ivan@contoso.com', ['staff']);
    const out = await w.provisioner.sync({ actor: ACTOR });
    expect(out.report?.status).toBe('done');
    expect(w.tenant.state().users).toMatchObject([{ userPrincipalName: 'ivan@contoso.com', onPremisesImmutableId: await w.immutableIdOf('ivan@contoso.com') }]);
  });

  test('existing Entra users: matched by immutable id and linked; a UPN match with another immutable id is reported, not overwritten', async () => {
    const w = await world({ groups: [STAFF] });
    await w.addUser('jane@contoso.com', ['staff']);
    await w.addUser('kim@contoso.com', ['staff']);
    const pw = { password: 'Xy7!random-Passw0rd', forceChangePasswordNextSignIn: false };
    const jane = await w.admin.createUser({ accountEnabled: true, displayName: 'Jane', mailNickname: 'jane', userPrincipalName: 'jane.old@contoso.com', onPremisesImmutableId: await w.immutableIdOf('jane@contoso.com'), passwordProfile: pw });
    const kim = await w.admin.createUser({ accountEnabled: true, displayName: 'Kim (cloud)', mailNickname: 'kim', userPrincipalName: 'kim@contoso.com', onPremisesImmutableId: 'someone-else', passwordProfile: pw });
    const dry = await w.provisioner.dryRun();
    expect(kinds(dry.plan.changes)).toEqual(['link_user jane@contoso.com', 'update_user jane@contoso.com', 'assign_license jane@contoso.com', 'add_member jane@contoso.com']);
    expect(dry.plan.changes[1]?.payload.changes).toEqual({ userPrincipalName: 'jane@contoso.com', displayName: 'jane', usageLocation: 'US' });
    expect(dry.plan.issues).toEqual([expect.objectContaining({ kind: 'upn_conflict', upn: 'kim@contoso.com', data: { entraId: kim.id, entraImmutableId: 'someone-else' } })]);
    const out = await w.provisioner.sync({ actor: ACTOR });
    expect(out.report).toMatchObject({ status: 'done', counts: { done: 4, issues: 1 } });
    expect(w.tenant.counters().writes['create user']).toBe(2);
    expect(w.tenant.state().users.find((u) => u.id === kim.id)).toMatchObject({ displayName: 'Kim (cloud)', onPremisesImmutableId: 'someone-else' });
    expect(w.tenant.state().users.find((u) => u.id === jane.id)).toMatchObject({ userPrincipalName: 'jane@contoso.com', usageLocation: 'US' });
    const links = await w.services.store.provisioning.listLinks();
    expect(links.map((l) => l.entraId)).toEqual([jane.id]);
    const conflict = (await w.services.store.audit.list(0, 500)).find((a) => a.event === 'graph.conflict');
    expect(conflict).toMatchObject({ subject: 'kim@contoso.com', outcome: 'failure', details: { kind: 'upn_conflict' } });
  });

  test('soft-deleted conflicts are reported with both choices and acted on only with the flag', async () => {
    const w = await world({ groups: [STAFF] });
    await w.addUser('lena@contoso.com', ['staff']);
    await w.addUser('mike@contoso.com', ['staff']);
    const pw = { password: 'Xy7!random-Passw0rd', forceChangePasswordNextSignIn: false };
    const lena = await w.admin.createUser({ accountEnabled: true, displayName: 'Lena', mailNickname: 'lena', userPrincipalName: 'lena@contoso.com', onPremisesImmutableId: await w.immutableIdOf('lena@contoso.com'), usageLocation: 'US', passwordProfile: pw });
    const mike = await w.admin.createUser({ accountEnabled: true, displayName: 'Old Mike', mailNickname: 'mike', userPrincipalName: 'mike@contoso.com', onPremisesImmutableId: 'old-mike', passwordProfile: pw });
    await w.admin.deleteUser(lena.id);
    await w.admin.deleteUser(mike.id);
    const dry = await w.provisioner.dryRun();
    expect(dry.plan.changes).toEqual([]);
    expect(dry.plan.issues.map((i) => [i.upn, i.kind, i.choices])).toEqual([
      ['lena@contoso.com', 'soft_deleted', ['--restore-deleted', '--purge-deleted']],
      ['mike@contoso.com', 'soft_deleted', ['--purge-deleted']],
    ]);
    expect((await w.provisioner.sync({ actor: ACTOR })).report).toMatchObject({ status: 'done', counts: { planned: 0, issues: 2 } });
    expect(w.tenant.state().deletedUsers).toHaveLength(2);

    const restored = await w.provisioner.sync({ actor: ACTOR, restoreDeleted: true });
    expect(kinds(restored.plan?.plan.changes ?? [])).toEqual(['restore_deleted lena@contoso.com', 'update_user lena@contoso.com', 'assign_license lena@contoso.com', 'add_member lena@contoso.com']);
    expect(restored.plan?.plan.changes[1]?.payload.changes).toEqual({ displayName: 'lena' });
    expect(restored.report?.status).toBe('done');
    expect(w.tenant.state().users.map((u) => u.id)).toEqual([lena.id]);
    expect(w.tenant.state().deletedUsers.map((u) => u.id)).toEqual([mike.id]);

    const purged = await w.provisioner.sync({ actor: ACTOR, purgeDeleted: true });
    expect(kinds(purged.plan?.plan.changes ?? [])).toEqual(['purge_deleted mike@contoso.com', 'create_user mike@contoso.com', 'assign_license mike@contoso.com', 'add_member mike@contoso.com']);
    expect(purged.report?.status).toBe('done');
    expect(w.tenant.state().deletedUsers).toEqual([]);
    expect(w.tenant.state().users.find((u) => u.userPrincipalName === 'mike@contoso.com')?.onPremisesImmutableId).toBe(await w.immutableIdOf('mike@contoso.com'));
    expect((await w.services.store.provisioning.listLinks())).toHaveLength(2);
  });

  test('delta: an Entra-side disable and usage location change are picked up and re-planned', async () => {
    const w = await world({ groups: [STAFF] });
    await w.addUser('nina@contoso.com', ['staff']);
    await w.addUser('otto@contoso.com', ['staff']);
    expect((await w.provisioner.sync({ actor: ACTOR })).report?.status).toBe('done');
    const deltaLink = await w.services.store.provisioning.getSetting('deltaLink');
    expect(deltaLink).toMatch(/\/users\/delta\?\$deltatoken=/);
    expect((await w.provisioner.sync({ actor: ACTOR })).plan?.plan.changes).toEqual([]);
    const nina = w.tenant.state().users.find((u) => u.userPrincipalName === 'nina@contoso.com') as GraphUser;
    await w.admin.updateUser(nina.id, { accountEnabled: false, usageLocation: 'GB' });
    const before = w.tenant.counters().requests['GET users'] ?? 0;
    const dry = await w.provisioner.dryRun();
    expect(kinds(dry.plan.changes)).toEqual(['update_user nina@contoso.com', 'enable_user nina@contoso.com']);
    expect(dry.plan.changes[0]?.payload.changes).toEqual({ usageLocation: 'US' });
    expect((w.tenant.counters().requests['GET users'] ?? 0) - before).toBe(1);
    expect((await w.provisioner.sync({ actor: ACTOR })).report?.status).toBe('done');
    expect(w.tenant.state().users.find((u) => u.id === nina.id)).toMatchObject({ accountEnabled: true, usageLocation: 'US' });
  });
});
