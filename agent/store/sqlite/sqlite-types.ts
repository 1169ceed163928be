// SPDX-License-Identifier: UNLICENSED
import type BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 connection type, re-exported so the store files share one import. */
export type SqliteDb = BetterSqlite3.Database;
