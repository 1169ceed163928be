// SPDX-License-Identifier: UNLICENSED
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../../agent/store/sqlite/open-sqlite-store.js';
import { LATEST_SQLITE_VERSION, SQLITE_MIGRATIONS } from '../../../../agent/store/sqlite/migrations.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { MfaError } from '../../../../agent/errors.js';
import type { UserRecord } from '../../../../agent/store/store.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';

const tempDir = useTempDir();
const logger = createNullLogger();
const user = (n: number): UserRecord => ({
  id: `u${n}`, upn: `user${n}@contoso.com`, displayName: `User ${n}`, immutableId: `imm${n}`,
  enabled: true, passwordHash: null, createdAt: 1, updatedAt: 1,
});

describe('openSqliteStore', () => {
  it('creates a WAL database with mode 0600 at the latest schema version', async () => {
    const path = join(tempDir(), 'data', 'db.sqlite');
    const store = await openSqliteStore({ path, clock: fixedClock(), logger });
    expect(await store.schemaStatus()).toEqual({ current: LATEST_SQLITE_VERSION, latest: LATEST_SQLITE_VERSION });
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([{ version: 1, name: 'foundation' }, { version: 2, name: 'otp tokens and lockouts' }, { version: 3, name: 'graph provisioning' }, { version: 4, name: 'federation and web sessions' }, { version: 5, name: 'token programming' }, { version: 6, name: 'self-service transactions' }]);
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

  it('migrates a version 5 database to 6: sign-in transactions kept, purpose self accepted, the expiry index rebuilt', async () => {
    const path = join(tempDir(), 'v5.sqlite');
    const raw = new Database(path);
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= 5)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 1)').run(m.version, m.name);
    }
    raw.pragma('user_version = 5');
    raw.prepare(`INSERT INTO signin_transactions VALUES ('tx1', 'b', 'c', 'staff', '{"returnTo":"/helpdesk"}', '{"step":"code"}', 10, 100, NULL)`).run();
    expect(() => raw.prepare(`INSERT INTO signin_transactions VALUES ('tx2', 'b', 'c', 'self', '{}', '{}', 10, 100, NULL)`).run()).toThrow(/CHECK constraint/);
    raw.close();
    const store = await openSqliteStore({ path, clock: fixedClock(), logger });
    expect(await store.schemaStatus()).toEqual({ current: 6, latest: LATEST_SQLITE_VERSION });
    expect(await store.signin.get('tx1')).toEqual({
      id: 'tx1', bindingHash: 'b', csrf: 'c', purpose: 'staff', request: { returnTo: '/helpdesk' }, state: { step: 'code' }, createdAt: 10, expiresAt: 100, completedAt: null,
    });
    await store.signin.create({ id: 'tx2', bindingHash: 'b', csrf: 'c', purpose: 'self', request: { page: 'p' }, state: {}, createdAt: 10, expiresAt: 100, completedAt: null });
    expect((await store.signin.get('tx2'))?.purpose).toBe('self');
    expect(await store.integrityCheck()).toEqual([]);
    await store.close();
    const check = new Database(path);
    expect(() => check.prepare(`INSERT INTO signin_transactions VALUES ('tx3', 'b', 'c', 'bogus', '{}', '{}', 10, 100, NULL)`).run()).toThrow(/CHECK constraint/);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'signin_transactions' ORDER BY name").all()).toEqual([
      { name: 'signin_transactions' }, { name: 'signin_transactions_expiry' }, { name: 'sqlite_autoindex_signin_transactions_1' },
    ]);
    expect(check.prepare("EXPLAIN QUERY PLAN DELETE FROM signin_transactions WHERE expires_at <= 5").all().map((r) => (r as { detail: string }).detail).join()).toContain('signin_transactions_expiry');
    check.close();
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
