// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { SqliteDb } from './sqlite-types.js';
import { LATEST_SQLITE_VERSION, SQLITE_MIGRATIONS } from './migrations.js';

/** Reads `PRAGMA user_version`. */
export function sqliteSchemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuses a database written by a newer build (`ERR_SCHEMA_TOO_NEW`), then, when `apply` is set,
 * applies each pending migration in its own IMMEDIATE transaction together with its version bump,
 * so a crash leaves the schema at a whole version.
 */
export function migrateSqlite(db: SqliteDb, opts: { apply: boolean; now: number; logger: Logger; path: string }): number {
  const current = sqliteSchemaVersion(db);
  if (current > LATEST_SQLITE_VERSION) {
    throw new MfaError(
      'ERR_SCHEMA_TOO_NEW',
      `database ${opts.path} has schema version ${current}, but this build of mfa-appliance knows only up to ` +
        `version ${LATEST_SQLITE_VERSION}; it was written by a newer release. Upgrade mfa-appliance, or restore ` +
        'a backup taken with this release.',
      { data: { path: opts.path, current, latest: LATEST_SQLITE_VERSION } },
    );
  }
  if (!opts.apply) return current;
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    const step = db.transaction(() => {
      if (sqliteSchemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        opts.now,
      );
      db.pragma(`user_version = ${m.version}`);
    });
    step.immediate();
    opts.logger.info({ version: m.version, name: m.name }, 'applied schema migration');
  }
  return sqliteSchemaVersion(db);
}
