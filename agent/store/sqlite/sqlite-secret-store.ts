// SPDX-License-Identifier: UNLICENSED
import type { SealedSecretRecord, SecretStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';

interface SecretRow {
  id: string;
  purpose: string;
  kid: string;
  wrapped_key: Buffer;
  payload: Buffer;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: SecretRow): SealedSecretRecord => ({
  id: r.id,
  purpose: r.purpose,
  kid: r.kid,
  wrappedKey: r.wrapped_key,
  payload: r.payload,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createSqliteSecretStore(db: SqliteDb): SecretStore {
  const insert = db.prepare(
    `INSERT INTO sealed_secrets (id, purpose, kid, wrapped_key, payload, created_at, updated_at)
     VALUES (@id, @purpose, @kid, @wrappedKey, @payload, @createdAt, @updatedAt)`,
  );
  const get = db.prepare<[string], SecretRow>('SELECT * FROM sealed_secrets WHERE id = ?');
  const del = db.prepare('DELETE FROM sealed_secrets WHERE id = ?');
  const notWrappedBy = db.prepare<[string, number], { id: string }>(
    'SELECT id FROM sealed_secrets WHERE kid <> ? ORDER BY created_at, id LIMIT ?',
  );
  const counts = db.prepare<[], { kid: string; n: number }>(
    'SELECT kid, count(*) AS n FROM sealed_secrets GROUP BY kid',
  );
  const rewrap = db.prepare(
    'UPDATE sealed_secrets SET kid = ?, wrapped_key = ?, updated_at = ? WHERE id = ? AND kid = ? AND wrapped_key = ?',
  );
  const replace = db.prepare(
    `UPDATE sealed_secrets SET kid = @kid, wrapped_key = @wrappedKey, payload = @payload, updated_at = @updatedAt
     WHERE id = @id AND purpose = @purpose`,
  );

  return {
    async put(s) {
      rethrowUnique('secret', () => insert.run(s));
    },
    async replace(s) {
      return replace.run(s).changes === 1;
    },
    get: rowReader(get, fromRow),
    async delete(id) {
      return del.run(id).changes === 1;
    },
    async listIdsNotWrappedBy(kid, limit) {
      return notWrappedBy.all(kid, limit).map((r) => r.id);
    },
    async countByKid() {
      return Object.fromEntries(counts.all().map((r) => [r.kid, r.n]));
    },
    async rewrap(id, expected, kid, wrappedKey, at) {
      return rewrap.run(kid, wrappedKey, at, id, expected.kid, expected.wrappedKey).changes === 1;
    },
  };
}
