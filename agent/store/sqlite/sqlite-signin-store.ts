// SPDX-License-Identifier: UNLICENSED
import type { SigninPurpose, SigninTransactionRecord, SigninTransactionStore } from '../store.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';
import type { SqliteDb } from './sqlite-types.js';

interface TxRow {
  id: string; binding_hash: string; csrf: string; purpose: SigninPurpose; request: string; state: string;
  created_at: number; expires_at: number; completed_at: number | null;
}

const fromRow = (r: TxRow): SigninTransactionRecord => ({
  id: r.id, bindingHash: r.binding_hash, csrf: r.csrf, purpose: r.purpose,
  request: JSON.parse(r.request) as Record<string, unknown>, state: JSON.parse(r.state) as Record<string, unknown>,
  createdAt: r.created_at, expiresAt: r.expires_at, completedAt: r.completed_at,
});

export function createSqliteSigninStore(db: SqliteDb): SigninTransactionStore {
  const insert = db.prepare(`INSERT INTO signin_transactions
    (id, binding_hash, csrf, purpose, request, state, created_at, expires_at, completed_at)
    VALUES (@id, @bindingHash, @csrf, @purpose, @request, @state, @createdAt, @expiresAt, @completedAt)`);
  const get = db.prepare<[string], TxRow>('SELECT * FROM signin_transactions WHERE id = ?');
  const update = db.prepare(`UPDATE signin_transactions SET state = ?
    WHERE id = ? AND completed_at IS NULL AND expires_at > ?`);
  const complete = db.prepare(`UPDATE signin_transactions SET completed_at = ?
    WHERE id = ? AND completed_at IS NULL AND expires_at > ?`);
  const prune = db.prepare('DELETE FROM signin_transactions WHERE expires_at <= ?');
  return {
    async create(tx) {
      rethrowUnique('sign-in transaction', () => insert.run({ ...tx, request: JSON.stringify(tx.request), state: JSON.stringify(tx.state) }));
    },
    get: rowReader(get, fromRow),
    async updateState(id, state, now) {
      return update.run(JSON.stringify(state), id, now).changes === 1;
    },
    async complete(id, now) {
      return complete.run(now, id, now).changes === 1;
    },
    async pruneExpired(now) {
      return prune.run(now).changes;
    },
  };
}
