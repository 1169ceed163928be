// SPDX-License-Identifier: UNLICENSED
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { createNullLogger } from '../../../agent/log/logger.js';
import { openSqliteStore } from '../../../agent/store/sqlite/open-sqlite-store.js';
import type { Clock } from '../../../agent/ports/clock.js';
import type { Store } from '../../../agent/store/store.js';

export interface TempSqliteStore {
  store: Store;
  path: string;
  /** Another store on the same file (a second connection). */
  reopen(): Promise<Store>;
  /** A raw better-sqlite3 connection on the same file, for tampering; closed after the test. */
  raw(): Database.Database;
}

/** Real SQLite stores in fresh temp files; every connection and directory is closed and removed after each test. */
export function useTempSqliteStore(clock: Clock): () => Promise<TempSqliteStore> {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfa-audit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'mfa.db');
    const open = async (): Promise<Store> => {
      const s = await openSqliteStore({ path, clock, logger: createNullLogger() });
      cleanups.push(() => s.close());
      return s;
    };
    const store = await open();
    return {
      store,
      path,
      reopen: open,
      raw() {
        const db = new Database(path);
        cleanups.push(() => { db.close(); });
        return db;
      },
    };
  };
}

/** Drops the append-only triggers of `audit_log`, as an attacker with file access could. */
export function dropAuditTriggers(db: Database.Database): void {
  const triggers = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .all();
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
}
