// SPDX-License-Identifier: UNLICENSED
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../../agent/store/sqlite/open-sqlite-store.js';
import { LATEST_SQLITE_VERSION } from '../../../../agent/store/sqlite/migrations.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { MfaError } from '../../../../agent/errors.js';
import type { UserRecord } from '../../../../agent/store/store.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';

const tempDir = useTempDir();
const logger = createNullLogger();

function user(n: number, over: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `u${n}`, upn: `user${n}@contoso.com`, displayName: `User ${n}`, immutableId: `imm${n}`,
    enabled: true, passwordHash: null, createdAt: 1, updatedAt: 1, ...over,
  };
}

describe('openSqliteStore', () => {
  it('creates a WAL database with mode 0600 at the latest schema version', async () => {
    const path = join(tempDir(), 'data', 'db.sqlite');
    const store = await openSqliteStore({ path, clock: fixedClock(), logger });
    expect(await store.schemaStatus()).toEqual({ current: LATEST_SQLITE_VERSION, latest: LATEST_SQLITE_VERSION });
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([{ version: 1, name: 'foundation' }]);
    raw.close();
  });

  it('reopens an existing database without re-applying migrations', async () => {
    const path = join(tempDir(), 'db.sqlite');
    const a = await openSqliteStore({ path, clock: fixedClock(), logger });
    await a.users.create(user(1));
    await a.close();
    const b = await openSqliteStore({ path, clock: fixedClock(), logger });
    expect((await b.users.getById('u1'))?.upn).toBe('user1@contoso.com');
    await b.close();
  });

  it('refuses a database from a newer schema with a message naming both versions', async () => {
    const path = join(tempDir(), 'db.sqlite');
    await (await openSqliteStore({ path, clock: fixedClock(), logger })).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SQLITE_VERSION + 5}`);
    raw.close();
    const err = await openSqliteStore({ path, clock: fixedClock(), logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfaError);
    expect((err as MfaError).code).toBe('ERR_SCHEMA_TOO_NEW');
    expect((err as MfaError).message).toContain(`schema version ${LATEST_SQLITE_VERSION + 5}`);
    expect((err as MfaError).message).toContain(`up to version ${LATEST_SQLITE_VERSION}`);
  });

  it('refuses a file that is not a database', async () => {
    const dir = tempDir();
    const path = join(dir, 'garbage.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, Buffer.alloc(4096, 0x41));
    const err = await openSqliteStore({ path, clock: fixedClock(), logger }).catch((e: unknown) => e);
    expect((err as MfaError).code).toBe('ERR_STORE');
  });

  it('opens read-only without creating or migrating', async () => {
    const path = join(tempDir(), 'missing.sqlite');
    const err = await openSqliteStore({ path, readonly: true, clock: fixedClock(), logger }).catch((e: unknown) => e);
    expect((err as MfaError).code).toBe('ERR_STORE');
  });

  it('reports integrity and backs up to a consistent copy', async () => {
    const dir = tempDir();
    const store = await openSqliteStore({ path: join(dir, 'db.sqlite'), clock: fixedClock(), logger });
    await store.users.create(user(1));
    expect(await store.integrityCheck()).toEqual([]);
    await store.backupTo(join(dir, 'backup.sqlite'));
    await store.close();
    const copy = await openSqliteStore({ path: join(dir, 'backup.sqlite'), readonly: true, clock: fixedClock(), logger });
    expect((await copy.users.list()).map((u) => u.id)).toEqual(['u1']);
    expect(statSync(join(dir, 'backup.sqlite')).mode & 0o777).toBe(0o600);
    await copy.close();
  });
});

describe('sqlite users, groups, staff', () => {
  it('enforces unique UPN case-insensitively and immutable ids', async () => {
    const store = await openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger });
    await store.users.create(user(1));
    const dupUpn = await store.users.create(user(2, { upn: 'USER1@Contoso.com' })).catch((e: unknown) => e);
    expect((dupUpn as MfaError).code).toBe('ERR_ALREADY_EXISTS');
    expect((dupUpn as MfaError).data).toEqual({ entity: 'user', field: 'upn' });
    const dupImm = await store.users.create(user(3, { immutableId: 'imm1' })).catch((e: unknown) => e);
    expect((dupImm as MfaError).data).toEqual({ entity: 'user', field: 'immutableId' });
    expect((await store.users.getByUpn('USER1@CONTOSO.COM'))?.id).toBe('u1');
    expect(await store.users.count()).toBe(1);
    await store.close();
  });

  it('patches only given fields and searches with LIKE metacharacters escaped', async () => {
    const store = await openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger });
    await store.users.create(user(1, { displayName: '100% Real' }));
    await store.users.create(user(2));
    expect(await store.users.update('u2', { enabled: false, updatedAt: 5 })).toBe(true);
    expect(await store.users.update('nope', { enabled: false, updatedAt: 5 })).toBe(false);
    const u2 = await store.users.getById('u2');
    expect(u2).toMatchObject({ enabled: false, updatedAt: 5, displayName: 'User 2', immutableId: 'imm2' });
    expect((await store.users.list({ search: '%' })).map((u) => u.id)).toEqual(['u1']);
    expect((await store.users.list({ enabled: false })).map((u) => u.id)).toEqual(['u2']);
    expect((await store.users.list({ limit: 1, offset: 1 })).map((u) => u.id)).toEqual(['u2']);
    await store.close();
  });

  it('keeps memberships and staff roles, cascading on group delete', async () => {
    const store = await openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger });
    await store.users.create(user(1));
    await store.groups.create({ id: 'g1', name: 'M365 Users', description: '', createdAt: 1 });
    expect(await store.groups.addMember('g1', 'u1', 2)).toBe(true);
    expect(await store.groups.addMember('g1', 'u1', 3)).toBe(false);
    expect((await store.groups.listMembers('g1')).map((u) => u.id)).toEqual(['u1']);
    expect((await store.groups.listGroupsOfUser('u1')).map((g) => g.name)).toEqual(['M365 Users']);
    await store.staff.grant({ userId: 'u1', role: 'helpdesk', grantedAt: 1, grantedBy: 'cli:root' });
    await store.staff.grant({ userId: 'u1', role: 'admin', grantedAt: 2, grantedBy: 'cli:root' });
    expect(await store.staff.list()).toEqual([
      { userId: 'u1', role: 'admin', grantedAt: 2, grantedBy: 'cli:root', upn: 'user1@contoso.com', displayName: 'User 1' },
    ]);
    expect(await store.groups.delete('g1')).toBe(true);
    expect(await store.groups.listGroupsOfUser('u1')).toEqual([]);
    await store.close();
  });
});

describe('sqlite secrets', () => {
  it('replaces atomically and rewraps only when the wrapped key read is still there', async () => {
    const store = await openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger });
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
    await store.close();
  });
});
