// SPDX-License-Identifier: UNLICENSED
import type { ApiClientRecord, ApiClientStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';

interface ApiClientRow {
  id: string;
  name: string;
  key_id: string;
  key_hash: string;
  networks: string;
  enabled: number;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const fromRow = (r: ApiClientRow): ApiClientRecord => ({
  id: r.id,
  name: r.name,
  keyId: r.key_id,
  keyHash: r.key_hash,
  networks: JSON.parse(r.networks) as string[],
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export function createSqliteApiClientStore(db: SqliteDb): ApiClientStore {
  const insert = db.prepare(
    `INSERT INTO api_clients (id, name, key_id, key_hash, networks, enabled, created_at, revoked_at, last_used_at)
     VALUES (@id, @name, @keyId, @keyHash, @networks, @enabled, @createdAt, @revokedAt, @lastUsedAt)`,
  );
  const byId = db.prepare<[string], ApiClientRow>('SELECT * FROM api_clients WHERE id = ?');
  const byName = db.prepare<[string], ApiClientRow>('SELECT * FROM api_clients WHERE name = ?');
  const byKeyId = db.prepare<[string], ApiClientRow>('SELECT * FROM api_clients WHERE key_id = ?');
  const all = db.prepare<[], ApiClientRow>('SELECT * FROM api_clients ORDER BY name COLLATE NOCASE');
  const revoke = db.prepare(
    'UPDATE api_clients SET enabled = 0, revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const touch = db.prepare(
    'UPDATE api_clients SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  );

  return {
    async create(c) {
      rethrowUnique('api client', () =>
        insert.run({ ...c, networks: JSON.stringify(c.networks), enabled: c.enabled ? 1 : 0 }),
      );
    },
    getById: rowReader(byId, fromRow),
    getByName: rowReader(byName, fromRow),
    getByKeyId: rowReader(byKeyId, fromRow),
    async list() {
      return all.all().map(fromRow);
    },
    async revoke(id, at) {
      return revoke.run(at, id).changes === 1;
    },
    async touch(id, at) {
      touch.run(at, id, at);
    },
  };
}
