// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createWebSessions, hashSessionToken } from '../../../agent/signin/create-web-sessions.js';
import { useTestServices } from '../../helpers/open-test-services.js';
import { createSystemRandom } from '../../../agent/ports/random.js';

describe('createWebSessions', () => {
  const open = useTestServices();

  async function setup() {
    const t = await open();
    const user = await t.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, { id: 'cli:test', source: 'cli' });
    const sessions = createWebSessions({ sessions: t.services.store.sessions, clock: t.clock, random: createSystemRandom() });
    return { ...t, user, sessions };
  }

  test('stores only the SHA-256 of the cookie token and resolves it by kind', async () => {
    const { services, user, sessions } = await setup();
    const { token, session } = await sessions.create({ kind: 'staff', userId: user.id, authAt: 1, mfaAt: 2, data: { role: 'admin' }, ttlMs: 60_000 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.idHash).toBe(hashSessionToken(token));
    expect(await services.store.sessions.get(token)).toBeNull();
    expect(await sessions.resolve(token, 'staff')).toMatchObject({ userId: user.id, data: { role: 'admin' }, mfaAt: 2 });
    expect(await sessions.resolve(token, 'sso')).toBeNull();
    expect(await sessions.resolve(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'staff')).toBeNull();
    expect(await sessions.resolve('not a token', 'staff')).toBeNull();
    expect(await sessions.resolve(undefined, 'staff')).toBeNull();
  });

  test('rotates: a new session ends the one it replaces', async () => {
    const { user, sessions } = await setup();
    const first = await sessions.create({ kind: 'sso', userId: user.id, authAt: 1, mfaAt: null, ttlMs: 60_000 });
    const second = await sessions.create({ kind: 'sso', userId: user.id, authAt: 2, mfaAt: 2, ttlMs: 60_000, replaces: first.token });
    expect(second.token).not.toBe(first.token);
    expect(second.session.csrf).not.toBe(first.session.csrf);
    expect(await sessions.resolve(first.token, 'sso')).toBeNull();
    expect(await sessions.resolve(second.token, 'sso')).not.toBeNull();
  });

  test('ends sessions past their lifetime or idle too long, and deletes them', async () => {
    const { services, clock, user, sessions } = await setup();
    const a = await sessions.create({ kind: 'staff', userId: user.id, authAt: 1, mfaAt: 1, ttlMs: 3_600_000 });
    clock.advance(20 * 60_000);
    expect(await sessions.resolve(a.token, 'staff', { idleMs: 30 * 60_000 })).toMatchObject({ lastSeenAt: clock.now() });
    clock.advance(29 * 60_000);
    expect(await sessions.resolve(a.token, 'staff', { idleMs: 30 * 60_000 })).not.toBeNull();
    clock.advance(31 * 60_000);
    expect(await sessions.resolve(a.token, 'staff', { idleMs: 30 * 60_000 })).toBeNull();
    expect(await services.store.sessions.get(a.session.idHash)).toBeNull();
    const b = await sessions.create({ kind: 'staff', userId: user.id, authAt: 1, mfaAt: 1, ttlMs: 1000 });
    clock.advance(1000);
    expect(await sessions.resolve(b.token, 'staff')).toBeNull();
  });

  test('ends one session or all of a user', async () => {
    const { user, sessions } = await setup();
    const a = await sessions.create({ kind: 'staff', userId: user.id, authAt: 1, mfaAt: 1, ttlMs: 60_000 });
    const b = await sessions.create({ kind: 'sso', userId: user.id, authAt: 1, mfaAt: 1, ttlMs: 60_000 });
    expect((await sessions.end(a.token))?.kind).toBe('staff');
    expect(await sessions.end(a.token)).toBeNull();
    expect(await sessions.endForUser(user.id)).toBe(1);
    expect(await sessions.resolve(b.token, 'sso')).toBeNull();
  });
});
