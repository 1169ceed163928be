// SPDX-License-Identifier: UNLICENSED
import type BetterSqlite3 from 'better-sqlite3';

/** An async look-up over a prepared single-parameter statement: the mapped row, or null when none. */
export function rowReader<R, T>(stmt: BetterSqlite3.Statement<[string], R>, map: (row: R) => T): (key: string) => Promise<T | null> {
  return async (key) => {
    const row = stmt.get(key);
    return row === undefined ? null : map(row);
  };
}
