// SPDX-License-Identifier: UNLICENSED
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MfaError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { LATEST_SQLITE_VERSION } from './migrations.js';
import { migrateSqlite, sqliteSchemaVersion } from './migrate-sqlite.js';
import { createSqliteUserStore } from './sqlite-user-store.js';
import { createSqliteGroupStore } from './sqlite-group-store.js';
import { createSqliteStaffStore } from './sqlite-staff-store.js';
import { createSqliteApiClientStore } from './sqlite-api-client-store.js';
import { createSqliteSecretStore } from './sqlite-secret-store.js';
import { createSqliteAuditStore } from './sqlite-audit-store.js';
import { createSqliteTokenStore } from './sqlite-token-store.js';
import { createSqliteLockoutStore } from './sqlite-lockout-store.js';
import { createSqliteProvisioningStore } from './sqlite-provisioning-store.js';
import { createSqliteSigninStore } from './sqlite-signin-store.js';
import { createSqliteSessionStore } from './sqlite-session-store.js';
import { createSqliteMessageIdStore } from './sqlite-message-id-store.js';
import { createSqliteSigningKeyStore } from './sqlite-signing-key-store.js';

export interface SqliteStoreOptions {
  /** Database file; created (mode 0600, parent 0700) when missing unless `readonly`. */
  path: string;
  /** How long a writer waits for a lock held by another process. @default 5000 */
  busyTimeoutMs?: number;
  /** Apply pending migrations at open. @default true */
  migrate?: boolean;
  /** Open read-only (checking a backup before `restore`, verifying one after `backup`). Implies `migrate: false`. @default false */
  readonly?: boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * Opens the embedded store: WAL, `synchronous=NORMAL`, `busy_timeout`, foreign keys on; refuses a
 * schema newer than this build; applies pending migrations unless told not to.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<Store> {
  const readonly = opts.readonly ?? false;
  const fresh = !existsSync(opts.path);
  if (fresh && readonly) {
    throw new MfaError('ERR_STORE', `database ${opts.path} does not exist`, { data: { path: opts.path } });
  }
  if (fresh) mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
  const { default: Database } = await import('better-sqlite3');
  let db: SqliteDb;
  try {
    db = new Database(opts.path, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new MfaError('ERR_STORE', `cannot open database ${opts.path}: ${(err as Error).message}`, {
      cause: err,
      data: { path: opts.path },
    });
  }
  try {
    if (fresh) chmodSync(opts.path, 0o600);
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    // A page cache that holds the hot indexes of a large directory (users, tokens, secrets), so a
    // verification's look-ups do not go to the OS for pages: 64 MiB, allocated only as pages are used.
    db.pragma('cache_size = -65536');
    migrateSqlite(db, { apply: !readonly && (opts.migrate ?? true), now: opts.clock.now(), logger: opts.logger, path: opts.path });
  } catch (err) {
    db.close();
    if (err instanceof MfaError) throw err;
    throw new MfaError('ERR_STORE', `cannot use database ${opts.path}: ${(err as Error).message}`, {
      cause: err,
      data: { path: opts.path },
    });
  }
  return composeStore(db);
}

function composeStore(db: SqliteDb): Store {
  return {
    driver: 'sqlite',
    users: createSqliteUserStore(db),
    groups: createSqliteGroupStore(db),
    staff: createSqliteStaffStore(db),
    apiClients: createSqliteApiClientStore(db),
    secrets: createSqliteSecretStore(db),
    tokens: createSqliteTokenStore(db),
    lockouts: createSqliteLockoutStore(db),
    provisioning: createSqliteProvisioningStore(db),
    signin: createSqliteSigninStore(db),
    sessions: createSqliteSessionStore(db),
    messageIds: createSqliteMessageIdStore(db),
    signingKeys: createSqliteSigningKeyStore(db),
    audit: createSqliteAuditStore(db),
    async schemaStatus() {
      return { current: sqliteSchemaVersion(db), latest: LATEST_SQLITE_VERSION };
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async integrityCheck() {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const fk = db.pragma('foreign_key_check') as Array<Record<string, unknown>>;
      const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
      return [...problems, ...fk.map((r) => `foreign key violation: ${JSON.stringify(r)}`)];
    },
    async backupTo(path) {
      await db.backup(path);
      chmodSync(path, 0o600);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
