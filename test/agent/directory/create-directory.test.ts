// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../agent/actor.js';
import { MfaError } from '../../../agent/errors.js';
import { useTestWorld } from '../../helpers/open-test-store.js';

const cli: Actor = { id: 'cli:root', source: 'cli' };
const world = useTestWorld();

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MfaError);
  return (err as MfaError).code;
}

describe('user directory', () => {
  it('creates a user with a stable 24-character immutable id and audits it', async () => {
    const { directory, store } = await world();
    const u = await directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice', password: 'a long passphrase' }, cli);
    expect(u.immutableId).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(u).not.toHaveProperty('passwordHash');
    expect(u.hasPassword).toBe(true);
    const renamed = await directory.users.update('alice@contoso.com', { upn: 'alice.b@contoso.com' }, cli);
    expect(renamed.immutableId).toBe(u.immutableId);
    const events = (await store.audit.list(0, 10)).map((r) => [r.event, r.subject, r.actor]);
    expect(events).toEqual([
      ['user.created', 'alice@contoso.com', 'cli:root'],
      ['user.updated', 'alice.b@contoso.com', 'cli:root'],
    ]);
    expect(JSON.stringify(await store.audit.list(0, 10))).not.toContain('a long passphrase');
  });

  it('rejects invalid UPNs, weak passwords and duplicates with codes, storing nothing', async () => {
    const { directory, store } = await world();
    expect(await codeOf(directory.users.add({ upn: 'bad upn@contoso.com', displayName: 'X' }, cli))).toBe('ERR_INVALID_UPN');
    expect(await codeOf(directory.users.add({ upn: 'x@contoso.com', displayName: 'X', password: 'short' }, cli))).toBe('ERR_WEAK_PASSWORD');
    expect(await codeOf(directory.users.add({ upn: 'x@contoso.com', displayName: '', password: 'long enough pw' }, cli))).toBe('ERR_INVALID_INPUT');
    expect(await store.users.count()).toBe(0);
    await directory.users.add({ upn: 'x@contoso.com', displayName: 'X' }, cli);
    expect(await codeOf(directory.users.add({ upn: 'X@CONTOSO.COM', displayName: 'X' }, cli))).toBe('ERR_ALREADY_EXISTS');
    expect(await store.users.count()).toBe(1);
  });

  it('verifies passwords with a reason for each kind of no', async () => {
    const { directory } = await world();
    await directory.users.add({ upn: 'bob@contoso.com', displayName: 'Bob', password: 'bobs long password' }, cli);
    await directory.users.add({ upn: 'nopw@contoso.com', displayName: 'No PW' }, cli);
    expect((await directory.users.verifyPassword('BOB@contoso.com', 'bobs long password')).ok).toBe(true);
    expect(await directory.users.verifyPassword('bob@contoso.com', 'wrong')).toMatchObject({ ok: false, reason: 'wrong_password' });
    expect(await directory.users.verifyPassword('ghost@contoso.com', 'x')).toMatchObject({ ok: false, reason: 'unknown_user', user: null });
    expect(await directory.users.verifyPassword('nopw@contoso.com', 'x')).toMatchObject({ ok: false, reason: 'no_password' });
    await directory.users.setEnabled('bob@contoso.com', false, cli);
    expect(await directory.users.verifyPassword('bob@contoso.com', 'bobs long password')).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await directory.users.verifyPassword('bob@contoso.com', 'wrong')).toMatchObject({ ok: false, reason: 'wrong_password' });
  });

  it('sets passwords through the policy and audits without the value', async () => {
    const { directory, store } = await world();
    await directory.users.add({ upn: 'carol@contoso.com', displayName: 'Carol' }, cli);
    expect(await codeOf(directory.users.setPassword('carol@contoso.com', 'carol@contoso.com', cli))).toBe('ERR_WEAK_PASSWORD');
    await directory.users.setPassword('carol@contoso.com', 'brand new secret phrase', cli);
    expect((await directory.users.verifyPassword('carol@contoso.com', 'brand new secret phrase')).ok).toBe(true);
    const last = (await store.audit.recent(1))[0];
    expect(last?.event).toBe('user.password_set');
    expect(JSON.stringify(last)).not.toContain('brand new secret phrase');
    expect(await codeOf(directory.users.setPassword('nobody@contoso.com', 'whatever long one', cli))).toBe('ERR_NOT_FOUND');
  });
});

describe('groups and staff', () => {
  it('adds members idempotently and audits only real changes', async () => {
    const { directory, store } = await world();
    await directory.users.add({ upn: 'dan@contoso.com', displayName: 'Dan' }, cli);
    await directory.groups.add({ name: 'M365 E3' }, cli);
    expect(await directory.groups.addMember('M365 E3', 'dan@contoso.com', cli)).toBe(true);
    expect(await directory.groups.addMember('m365 e3', 'DAN@contoso.com', cli)).toBe(false);
    expect((await directory.groups.members('M365 E3')).map((u) => u.upn)).toEqual(['dan@contoso.com']);
    expect((await store.audit.list(0, 50)).filter((r) => r.event === 'group.member_added')).toHaveLength(1);
    expect(await codeOf(directory.groups.addMember('nope', 'dan@contoso.com', cli))).toBe('ERR_NOT_FOUND');
  });

  it('grants roles; a disabled staff member has no effective role', async () => {
    const { directory } = await world();
    const u = await directory.users.add({ upn: 'hd@contoso.com', displayName: 'Helpdesk' }, cli);
    await directory.staff.grant('hd@contoso.com', 'helpdesk', cli);
    expect(await directory.staff.roleOf(u.id)).toBe('helpdesk');
    await directory.staff.grant('hd@contoso.com', 'admin', cli);
    expect((await directory.staff.list()).map((s) => [s.upn, s.role])).toEqual([['hd@contoso.com', 'admin']]);
    await directory.users.setEnabled(u.id, false, cli);
    expect(await directory.staff.roleOf(u.id)).toBeNull();
    expect(await codeOf(directory.staff.grant('hd@contoso.com', 'root' as never, cli))).toBe('ERR_INVALID_INPUT');
    expect(await directory.staff.revoke('hd@contoso.com', cli)).toBe(true);
    expect(await directory.staff.revoke('hd@contoso.com', cli)).toBe(false);
  });
});

describe('API clients', () => {
  it('returns the key once, stores only its hash, and authenticates it from allowed networks', async () => {
    const { directory, store, dir } = await world();
    const { client, key } = await directory.apiClients.add({ name: 'vpn-gw', networks: ['10.0.0.0/8', 'fd00::/8'] }, cli);
    expect(key).toMatch(/^mfa_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(client).not.toHaveProperty('keyHash');
    expect((await directory.apiClients.authenticate(key, '10.1.2.3')).ok).toBe(true);
    expect((await directory.apiClients.authenticate(key, '::ffff:10.1.2.3')).ok).toBe(true);
    expect((await directory.apiClients.authenticate(key, 'fd00::5')).ok).toBe(true);
    expect(await directory.apiClients.authenticate(key, '192.168.1.1')).toMatchObject({ ok: false, reason: 'network_not_allowed' });
    const wrong = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await directory.apiClients.authenticate(wrong, '10.1.2.3')).toMatchObject({ ok: false, reason: 'wrong_key' });
    expect(await directory.apiClients.authenticate('Bearer nonsense', '10.1.2.3')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await directory.apiClients.authenticate(`mfa_${'0'.repeat(16)}_${'A'.repeat(43)}`, '10.1.2.3')).toMatchObject({ ok: false, reason: 'unknown_key' });
    expect(await directory.apiClients.revoke('vpn-gw', cli)).toBe(true);
    expect(await directory.apiClients.authenticate(key, '10.1.2.3')).toMatchObject({ ok: false, reason: 'revoked' });
    const outcomes = (await store.audit.list(0, 100)).filter((r) => r.event === 'api_client.authenticated').map((r) => r.outcome);
    expect(outcomes).toEqual(['success', 'success', 'success', 'denied', 'failure', 'failure', 'failure', 'failure']);
    await store.close();
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(readFileSync(join(dir, 'db.sqlite')).includes(Buffer.from(key.slice('mfa_'.length + 16 + 1)))).toBe(false);
  });

  it('rejects bad names and networks', async () => {
    const { directory } = await world();
    expect(await codeOf(directory.apiClients.add({ name: 'bad name' }, cli))).toBe('ERR_INVALID_INPUT');
    expect(await codeOf(directory.apiClients.add({ name: 'ok', networks: ['10.0.0.0/33'] }, cli))).toBe('ERR_INVALID_INPUT');
  });
});
