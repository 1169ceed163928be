// SPDX-License-Identifier: UNLICENSED
/**
 * The behaviour every Store implementation must share, run once per driver (SQLite today; the
 * PostgreSQL store runs the same suite). `open` returns a fresh, empty, migrated store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import type { SealedSecretRecord, Store, TokenRecord, UserRecord } from '../../../agent/store/store.js';

function user(n: number, over: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `u${n}`, upn: `user${n}@contoso.com`, displayName: `User ${n}`, immutableId: `imm${n}`,
    enabled: true, passwordHash: null, createdAt: 1, updatedAt: 1, ...over,
  };
}

function tokenRecord(n: number, over: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id: `t${n}`, serial: `SER-${n}`, kind: 'hardware_totp', manufacturer: 'Token2', model: 'C302', firmware: null,
    algorithm: 'SHA1', digits: 6, period: 30, userId: null, state: 'in_stock', seedSecretId: `s${n}`, lastCounter: -1, drift: 0,
    origin: 'import', createdAt: 1, updatedAt: 1, lastUsedAt: null, ...over,
  };
}

function seedRecord(n: number): SealedSecretRecord {
  return { id: `s${n}`, purpose: 'token-seed', kid: 'k1', wrappedKey: Buffer.from('w'), payload: Buffer.from('p'), createdAt: 1, updatedAt: 1 };
}

async function errorOf(p: Promise<unknown>): Promise<MfaError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MfaError);
  return err as MfaError;
}

export function storeContract(driver: string, open: () => Promise<Store>): void {
  const stores: Store[] = [];
  const fresh = async (): Promise<Store> => {
    const s = await open();
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  describe(`${driver} store: users`, () => {
    it('enforces unique UPN case-insensitively and unique immutable ids, naming the field', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      const dupUpn = await errorOf(store.users.create(user(2, { upn: 'USER1@Contoso.com' })));
      expect(dupUpn.code).toBe('ERR_ALREADY_EXISTS');
      expect(dupUpn.data).toEqual({ entity: 'user', field: 'upn' });
      expect((await errorOf(store.users.create(user(3, { immutableId: 'imm1' })))).data).toEqual({ entity: 'user', field: 'immutableId' });
      expect((await store.users.getByUpn('USER1@CONTOSO.COM'))?.id).toBe('u1');
      expect((await store.users.getByImmutableId('imm1'))?.id).toBe('u1');
      expect(await store.users.getById('nope')).toBeNull();
      expect(await store.users.count()).toBe(1);
    });

    it('patches only given fields and searches with LIKE metacharacters taken literally', async () => {
      const store = await fresh();
      await store.users.create(user(1, { displayName: '100% Real' }));
      await store.users.create(user(2));
      await store.users.create(user(3, { upn: 'a_b@contoso.com' }));
      expect(await store.users.update('u2', { enabled: false, updatedAt: 5 })).toBe(true);
      expect(await store.users.update('nope', { enabled: false, updatedAt: 5 })).toBe(false);
      expect(await store.users.getById('u2')).toMatchObject({ enabled: false, updatedAt: 5, displayName: 'User 2', immutableId: 'imm2' });
      expect((await store.users.list({ search: '%' })).map((u) => u.id)).toEqual(['u1']);
      expect((await store.users.list({ search: '_' })).map((u) => u.id)).toEqual(['u3']);
      expect((await store.users.list({ enabled: false })).map((u) => u.id)).toEqual(['u2']);
      expect((await store.users.list({ limit: 1, offset: 1 })).map((u) => u.id)).toEqual(['u1']);
      expect((await store.users.list()).map((u) => u.upn)).toEqual(['a_b@contoso.com', 'user1@contoso.com', 'user2@contoso.com']);
    });

    it('round-trips every field, including a null and a set password hash', async () => {
      const store = await fresh();
      const u = user(1, { passwordHash: '$scrypt$ln=15,r=8,p=1$c2FsdA==$aGFzaA==', enabled: false, createdAt: 10, updatedAt: 20 });
      await store.users.create(u);
      expect(await store.users.getById('u1')).toEqual(u);
      await store.users.update('u1', { passwordHash: null, updatedAt: 30 });
      expect((await store.users.getById('u1'))?.passwordHash).toBeNull();
    });
  });

  describe(`${driver} store: groups and staff`, () => {
    it('keeps memberships idempotent and cascades on group delete', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.groups.create({ id: 'g1', name: 'M365 Users', description: '', createdAt: 1 });
      expect((await errorOf(store.groups.create({ id: 'g2', name: 'm365 users', description: '', createdAt: 1 }))).code).toBe('ERR_ALREADY_EXISTS');
      expect(await store.groups.addMember('g1', 'u1', 2)).toBe(true);
      expect(await store.groups.addMember('g1', 'u1', 3)).toBe(false);
      expect((await store.groups.listMembers('g1')).map((u) => u.id)).toEqual(['u1']);
      expect((await store.groups.listGroupsOfUser('u1')).map((g) => g.name)).toEqual(['M365 Users']);
      expect(await store.groups.removeMember('g1', 'u1')).toBe(true);
      expect(await store.groups.removeMember('g1', 'u1')).toBe(false);
      await store.groups.addMember('g1', 'u1', 4);
      expect(await store.groups.delete('g1')).toBe(true);
      expect(await store.groups.listGroupsOfUser('u1')).toEqual([]);
      expect(await store.groups.getByName('M365 Users')).toBeNull();
    });

    it('grants, changes and revokes staff roles', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.staff.grant({ userId: 'u1', role: 'helpdesk', grantedAt: 1, grantedBy: 'cli:root' });
      await store.staff.grant({ userId: 'u1', role: 'admin', grantedAt: 2, grantedBy: 'cli:root' });
      expect(await store.staff.list()).toEqual([
        { userId: 'u1', role: 'admin', grantedAt: 2, grantedBy: 'cli:root', upn: 'user1@contoso.com', displayName: 'User 1' },
      ]);
      expect(await store.staff.revoke('u1')).toBe(true);
      expect(await store.staff.get('u1')).toBeNull();
    });
  });

  describe(`${driver} store: API clients`, () => {
    it('stores networks, revokes once and only moves last-used forward', async () => {
      const store = await fresh();
      const c = { id: 'c1', name: 'vpn', keyId: '0123456789abcdef', keyHash: 'ab'.repeat(32), networks: ['10.0.0.0/8'], enabled: true, createdAt: 1, revokedAt: null, lastUsedAt: null };
      await store.apiClients.create(c);
      expect((await errorOf(store.apiClients.create({ ...c, id: 'c2', name: 'VPN', keyId: 'fedcba9876543210' }))).data).toEqual({ entity: 'api client', field: 'name' });
      expect(await store.apiClients.getByKeyId('0123456789abcdef')).toEqual(c);
      await store.apiClients.touch('c1', 50);
      await store.apiClients.touch('c1', 40);
      expect((await store.apiClients.getById('c1'))?.lastUsedAt).toBe(50);
      expect(await store.apiClients.revoke('c1', 60)).toBe(true);
      expect(await store.apiClients.revoke('c1', 70)).toBe(false);
      expect(await store.apiClients.getByName('VPN')).toMatchObject({ enabled: false, revokedAt: 60 });
    });
  });

  describe(`${driver} store: tokens`, () => {
    it('inserts a batch all or nothing: a duplicate serial (any case) leaves neither tokens nor seeds', async () => {
      const store = await fresh();
      await store.tokens.createMany([{ token: tokenRecord(1), seed: seedRecord(1) }, { token: tokenRecord(2), seed: seedRecord(2) }]);
      const err = await errorOf(store.tokens.createMany([{ token: tokenRecord(3), seed: seedRecord(3) }, { token: tokenRecord(4, { serial: 'ser-1' }), seed: seedRecord(4) }]));
      expect(err.data).toEqual({ entity: 'token', field: 'serial' });
      expect(await store.tokens.getById('t3')).toBeNull();
      expect(await store.secrets.get('s3')).toBeNull();
      expect((await store.tokens.list()).map((t) => t.serial)).toEqual(['SER-1', 'SER-2']);
      expect(await store.tokens.getBySerial('ser-2')).toEqual(tokenRecord(2));
    });

    it('moves the replay guard forward only, in the given state, once per counter under concurrency', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.tokens.create(tokenRecord(1, { userId: 'u1', state: 'active' }), seedRecord(1));
      const wins = await Promise.all(Array.from({ length: 20 }, () => store.tokens.advanceCounter('t1', 100, 1, 5, 'active')));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await store.tokens.advanceCounter('t1', 99, 0, 6, 'active')).toBe(false);
      expect(await store.tokens.advanceCounter('t1', 101, 0, 6, 'pending')).toBe(false);
      expect(await store.tokens.getById('t1')).toMatchObject({ lastCounter: 100, drift: 1, lastUsedAt: 5 });
      expect((await store.tokens.list({ userId: 'u1', state: 'active' })).map((t) => t.id)).toEqual(['t1']);
      expect((await store.tokens.listOfUser('u1', 'active')).map((t) => t.id)).toEqual(['t1']);
      expect(await store.tokens.listOfUser('u1', 'pending')).toEqual([]);
    });

    it('an accepted code clears the lockout in the same step; a refused one leaves it', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.tokens.create(tokenRecord(1, { userId: 'u1', state: 'active' }), seedRecord(1));
      const P = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 1000, maxFailures: 10 };
      await store.lockouts.claim('u1', 'otp', 0, P);
      await store.lockouts.claim('u1', 'password', 0, P);
      const five = { tokenId: 't1', counter: 5, drift: 0, state: 'active' as const };
      expect((await store.lockouts.claimAndAccept('u1', 'otp', 1, P, [five])).accepted).toEqual(five);
      expect((await store.lockouts.listForUser('u1')).map((r) => r.factor)).toEqual(['password']);
      expect((await store.lockouts.claimAndAccept('u1', 'otp', 2, P, [five])).accepted).toBeNull();
      expect((await store.lockouts.get('u1', 'otp'))?.failures).toBe(1);
    });

    it('updates only from the allowed states', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.tokens.create(tokenRecord(1), seedRecord(1));
      expect(await store.tokens.update('t1', { state: 'active', userId: 'u1', updatedAt: 2 }, ['programmed'])).toBe(false);
      expect(await store.tokens.update('t1', { state: 'active', userId: 'u1', updatedAt: 2 }, ['in_stock'])).toBe(true);
      expect(await store.tokens.getById('t1')).toMatchObject({ state: 'active', userId: 'u1', updatedAt: 2 });
      expect(await store.tokens.update('nope', { state: 'revoked', updatedAt: 3 })).toBe(false);
    });

    it('updates only for the given owner when one is given (null: unassigned), one winner among racers', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.users.create(user(2));
      await store.tokens.create(tokenRecord(1, { state: 'programmed' }), seedRecord(1));
      await store.tokens.create(tokenRecord(2, { state: 'programmed', userId: 'u1' }), seedRecord(2));
      expect(await store.tokens.update('t2', { state: 'active', userId: 'u2', updatedAt: 2 }, ['programmed'], null)).toBe(false);
      expect(await store.tokens.update('t2', { state: 'active', updatedAt: 2 }, ['programmed'], 'u2')).toBe(false);
      expect(await store.tokens.getById('t2')).toMatchObject({ state: 'programmed', userId: 'u1', updatedAt: 1 });
      expect(await store.tokens.update('t2', { state: 'active', updatedAt: 3 }, ['programmed'], 'u1')).toBe(true);
      const wins = await Promise.all(['u1', 'u2', 'u1', 'u2'].map((u) => store.tokens.update('t1', { state: 'active', userId: u, updatedAt: 4 }, ['programmed'], null)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.tokens.getById('t1'))?.state).toBe('active');
    });
  });

  describe(`${driver} store: lockouts`, () => {
    const P = { freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 4000, maxFailures: 4 };
    it('claims atomically: delays double after the free attempts, a hard lock holds whatever the time', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      expect(await store.lockouts.claim('u1', 'otp', 0, P)).toEqual({ allowed: true, failures: 1 });
      expect(await store.lockouts.claim('u1', 'otp', 0, P)).toEqual({ allowed: true, failures: 2 });
      expect(await store.lockouts.claim('u1', 'otp', 999, P)).toEqual({ allowed: false, failures: 2, nextAllowedAt: 1000, hardLocked: false });
      expect(await store.lockouts.claim('u1', 'otp', 1000, P)).toEqual({ allowed: true, failures: 3 });
      expect(await store.lockouts.get('u1', 'otp')).toMatchObject({ failures: 3, nextAllowedAt: 3000 });
      expect(await store.lockouts.claim('u1', 'otp', 3000, P)).toEqual({ allowed: true, failures: 4 });
      expect(await store.lockouts.claim('u1', 'otp', 10 ** 12, P)).toMatchObject({ allowed: false, hardLocked: true });
      expect(await store.lockouts.get('u1', 'password')).toBeNull();
      await store.lockouts.clear('u1', 'otp');
      expect(await store.lockouts.listForUser('u1')).toEqual([]);
    });

    it('claimAndAccept counts the attempt first and accepts only when allowed, clearing the failures', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      await store.tokens.create(tokenRecord(1, { userId: 'u1', state: 'active', lastCounter: 10 }), seedRecord(1));
      const P1 = { ...P, freeAttempts: 1, maxFailures: 3 };
      const stale = { tokenId: 't1', counter: 10, drift: 0, state: 'active' as const };
      expect(await store.lockouts.claimAndAccept('u1', 'otp', 0, P1, [stale])).toEqual({ allowed: true, failures: 1, accepted: null });
      const fresh11 = { tokenId: 't1', counter: 11, drift: 1, state: 'active' as const };
      expect(await store.lockouts.claimAndAccept('u1', 'otp', 10, P1, [fresh11])).toMatchObject({ allowed: false, hardLocked: false });
      expect((await store.tokens.getById('t1'))?.lastCounter).toBe(10);
      expect(await store.lockouts.claimAndAccept('u1', 'otp', 1000, P1, [stale, fresh11])).toEqual({ allowed: true, failures: 2, accepted: fresh11 });
      expect(await store.tokens.getById('t1')).toMatchObject({ lastCounter: 11, drift: 1, lastUsedAt: 1000 });
      expect(await store.lockouts.get('u1', 'otp')).toBeNull();
      const wins = await Promise.all(Array.from({ length: 10 }, () => store.lockouts.claimAndAccept('u1', 'otp', 2000, { ...P, freeAttempts: 50, maxFailures: 50 }, [{ ...fresh11, counter: 12 }])));
      expect(wins.filter((w) => w.accepted !== null)).toHaveLength(1);
    });

    it('counts every one of many concurrent claims', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      const big = { ...P, freeAttempts: 100, maxFailures: 100 };
      await Promise.all(Array.from({ length: 50 }, () => store.lockouts.claim('u1', 'password', 0, big)));
      expect((await store.lockouts.get('u1', 'password'))?.failures).toBe(50);
    });
  });

  describe(`${driver} store: provisioning`, () => {
    it('keeps settings, links and a write-ahead journal whose outcome and link change commit together', async () => {
      const store = await fresh();
      const p = store.provisioning;
      await p.setSetting('deltaLink', 'https://graph/x', 1);
      expect(await p.getSetting('deltaLink')).toBe('https://graph/x');
      await p.setSetting('deltaLink', null, 2);
      expect(await p.getSetting('deltaLink')).toBeNull();
      const run = { id: 'r1', startedAt: 10, finishedAt: null, status: 'applying' as const, counts: { create_user: 2 } };
      const e = (seq: number) => ({ runId: 'r1', seq, kind: 'create_user', subject: `u${seq}`, payload: { upn: `u${seq}@contoso.com` }, status: 'pending' as const, result: null, attempts: 0, updatedAt: 10 });
      await p.createRun(run, [e(1), e(2)]);
      expect(await p.unfinishedRun()).toEqual(run);
      const l = { userId: 'u1', entraId: 'e-1', state: 'enabled' as const, appliedHash: 'h', updatedAt: 11 };
      await p.finishEntry('r1', 1, { status: 'done', result: { entraId: 'e-1' }, at: 11, link: l });
      expect(await p.getLink('u1')).toEqual(l);
      expect(await p.getLinkByEntraId('e-1')).toEqual(l);
      expect((await p.journal('r1', 'pending')).map((x) => x.seq)).toEqual([2]);
      expect((await p.journal('r1'))[0]).toMatchObject({ status: 'done', result: { entraId: 'e-1' }, attempts: 1 });
      await p.finishEntry('r1', 2, { status: 'done', result: null, at: 12, unlink: 'u1' });
      expect(await p.listLinks()).toEqual([]);
      await p.updateRun('r1', { status: 'done', finishedAt: 13 });
      expect(await p.unfinishedRun()).toBeNull();
      expect(await p.latestRun('done')).toMatchObject({ id: 'r1', finishedAt: 13 });
      for (let i = 0; i < 4; i++) await p.createRun({ id: `plan${i}`, startedAt: 20 + i, finishedAt: null, status: 'planned', counts: {} }, [{ ...e(1), runId: `plan${i}` }]);
      expect(await p.pruneRuns('planned', 2)).toBe(2);
      expect(await p.getRun('plan0')).toBeNull();
      expect(await p.journal('plan0')).toEqual([]);
      expect((await p.latestRun('planned'))?.id).toBe('plan3');
      expect(await p.getRun('r1')).not.toBeNull();
    });
  });

  describe(`${driver} store: sign-in transactions, sessions, message ids`, () => {
    it('updates a transaction only while open and completes it exactly once', async () => {
      const store = await fresh();
      const tx = { id: 'tx1', bindingHash: 'b', csrf: 'c', purpose: 'saml' as const, request: { id: '_r1' }, state: { step: 'upn' }, createdAt: 10, expiresAt: 100, completedAt: null };
      await store.signin.create(tx);
      expect((await errorOf(store.signin.create(tx))).code).toBe('ERR_ALREADY_EXISTS');
      expect(await store.signin.updateState('tx1', { step: 'password' }, 50)).toBe(true);
      expect((await store.signin.get('tx1'))?.state).toEqual({ step: 'password' });
      expect(await store.signin.updateState('tx1', { step: 'code' }, 100)).toBe(false);
      expect(await store.signin.complete('tx1', 100)).toBe(false);
      const results = await Promise.all(Array.from({ length: 10 }, () => store.signin.complete('tx1', 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.signin.get('tx1'))?.completedAt).toBe(60);
      expect(await store.signin.updateState('tx1', { step: 'x' }, 61)).toBe(false);
      expect(await store.signin.pruneExpired(100)).toBe(1);
      expect(await store.signin.get('tx1')).toBeNull();
    });

    it('keeps sessions per user and kind, and ends them with the user', async () => {
      const store = await fresh();
      await store.users.create(user(1));
      const s = (idHash: string, kind: 'sso' | 'staff') => ({ idHash, kind, userId: 'u1', csrf: 'c', authAt: 5, mfaAt: null, data: { role: 'admin' }, createdAt: 5, lastSeenAt: 5, expiresAt: 50 });
      await store.sessions.create(s('h1', 'sso'));
      await store.sessions.create(s('h2', 'staff'));
      expect(await store.sessions.touch('h1', 9)).toBe(true);
      expect(await store.sessions.get('h1')).toMatchObject({ lastSeenAt: 9, data: { role: 'admin' }, mfaAt: null });
      expect(await store.sessions.deleteForUser('u1', 'staff')).toBe(1);
      expect(await store.sessions.get('h2')).toBeNull();
      expect(await store.sessions.pruneExpired(49)).toBe(0);
      expect(await store.sessions.pruneExpired(50)).toBe(1);
      expect(await store.sessions.touch('h1', 60)).toBe(false);
    });

    it('remembers a message id once until it expires', async () => {
      const store = await fresh();
      expect(await store.messageIds.remember('urn:federation:MicrosoftOnline', '_a', 100, 10)).toBe(true);
      const replays = await Promise.all(Array.from({ length: 5 }, () => store.messageIds.remember('urn:federation:MicrosoftOnline', '_a', 100, 20)));
      expect(replays).toEqual([false, false, false, false, false]);
      expect(await store.messageIds.remember('other-issuer', '_a', 100, 20)).toBe(true);
      expect(await store.messageIds.remember('urn:federation:MicrosoftOnline', '_a', 300, 100)).toBe(true);
      expect(await store.messageIds.remember('urn:federation:MicrosoftOnline', '_a', 300, 200)).toBe(false);
      expect(await store.messageIds.pruneExpired(300)).toBe(2);
    });
  });

  describe(`${driver} store: signing keys`, () => {
    it('holds one current and one next key, promotes atomically and destroys a retired key', async () => {
      const store = await fresh();
      const k = (id: string, state: 'current' | 'next') => ({ id, state, secretId: `sec-${id}`, certificate: 'PEM', keyBits: 2048, notBefore: 1, notAfter: 1000, createdAt: id === 'k1' ? 1 : 2, activatedAt: state === 'current' ? 1 : null, retiredAt: null });
      const sealed = (id: string) => ({ ...seedRecord(0), id: `sec-${id}`, purpose: 'signing-key' });
      await store.signingKeys.create(k('k1', 'current'), sealed('k1'));
      expect((await errorOf(store.signingKeys.create(k('k0', 'current'), sealed('k0')))).code).toBe('ERR_ALREADY_EXISTS');
      expect(await store.secrets.get('sec-k0')).toBeNull();
      await store.signingKeys.create(k('k2', 'next'), sealed('k2'));
      expect(await store.signingKeys.promote('k1', 5)).toBe(false);
      expect(await store.signingKeys.promote('k2', 5)).toBe(true);
      expect((await store.signingKeys.list()).map((r) => [r.id, r.state])).toEqual([['k2', 'current'], ['k1', 'retired']]);
      expect(await store.signingKeys.get('k2')).toMatchObject({ activatedAt: 5 });
      expect(await store.signingKeys.retire('k1', 6)).toBe(true);
      expect(await store.signingKeys.get('k1')).toMatchObject({ state: 'retired', secretId: null, retiredAt: 6 });
      expect(await store.secrets.get('sec-k1')).toBeNull();
      expect(await store.signingKeys.retire('nope', 6)).toBe(false);
    });
  });

  describe(`${driver} store: sealed secrets`, () => {
    it('replaces atomically and rewraps only when the wrapped key read is still there', async () => {
      const store = await fresh();
      const base = { id: 's1', purpose: 'token-seed', kid: 'k1', wrappedKey: Buffer.from('w1'), payload: Buffer.from('p1'), createdAt: 1, updatedAt: 1 };
      await store.secrets.put(base);
      expect(await store.secrets.replace({ ...base, purpose: 'signing-key', payload: Buffer.from('x') })).toBe(false);
      expect(await store.secrets.replace({ ...base, wrappedKey: Buffer.from('w2'), payload: Buffer.from('p2'), updatedAt: 2 })).toBe(true);
      expect(await store.secrets.rewrap('s1', { kid: 'k1', wrappedKey: Buffer.from('w1') }, 'k2', Buffer.from('w3'), 3)).toBe(false);
      expect(await store.secrets.rewrap('s1', { kid: 'k1', wrappedKey: Buffer.from('w2') }, 'k2', Buffer.from('w3'), 3)).toBe(true);
      const s = await store.secrets.get('s1');
      expect(s).toMatchObject({ kid: 'k2', updatedAt: 3, createdAt: 1 });
      expect(s?.payload.toString()).toBe('p2');
      expect(await store.secrets.countByKid()).toEqual({ k2: 1 });
      expect(await store.secrets.listIdsNotWrappedBy('k2', 10)).toEqual([]);
      expect(await store.secrets.delete('s1')).toBe(true);
      expect(await store.secrets.get('s1')).toBeNull();
    });
  });

  describe(`${driver} store: audit`, () => {
    it('numbers records from 1, hands the previous hash to seal, and lists and filters them', async () => {
      const store = await fresh();
      const seen: Array<[number, string]> = [];
      const seal = (seq: number, prev: string): string => {
        seen.push([seq, prev]);
        return String(seq).repeat(64).slice(0, 64);
      };
      const entry = { ts: 1, actor: 'system', source: 'system', outcome: 'success' as const, details: { n: 1 } };
      await store.audit.append({ ...entry, event: 'a.one', subject: 'x' }, seal);
      await store.audit.append({ ...entry, event: 'a.two', subject: null }, seal);
      await store.audit.append({ ...entry, event: 'a.one', subject: 'y' }, seal);
      expect(seen).toEqual([[1, '0'.repeat(64)], [2, '1'.repeat(64)], [3, '2'.repeat(64)]]);
      expect(await store.audit.head()).toEqual({ seq: 3, hash: '3'.repeat(64) });
      expect((await store.audit.list(1, 10)).map((r) => r.seq)).toEqual([2, 3]);
      expect((await store.audit.recent(10, { event: 'a.one' })).map((r) => r.subject)).toEqual(['y', 'x']);
      expect((await store.audit.recent(10, { subject: 'x' })).map((r) => r.seq)).toEqual([1]);
      expect((await store.audit.list(0, 1))[0]).toEqual({ ...entry, event: 'a.one', subject: 'x', seq: 1, prevHash: '0'.repeat(64), hash: '1'.repeat(64) });
    });

    it('serialises 100 concurrent appends into one unbroken sequence', async () => {
      const store = await fresh();
      const entry = { ts: 1, event: 'a.one', actor: 'system', source: 'system', subject: null, outcome: 'success' as const, details: {} };
      await Promise.all(Array.from({ length: 100 }, () => store.audit.append(entry, (seq) => seq.toString(16).padStart(64, '0'))));
      const all = await store.audit.list(0, 1000);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      for (const [i, r] of all.entries()) expect(r.prevHash).toBe(i === 0 ? '0'.repeat(64) : all[i - 1]?.hash);
    });
  });
}
