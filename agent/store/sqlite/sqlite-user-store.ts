// SPDX-License-Identifier: UNLICENSED
import type { UserPatch, UserQuery, UserRecord, UserStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';

export interface UserRow {
  id: string;
  upn: string;
  display_name: string;
  immutable_id: string;
  enabled: number;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export function userFromRow(r: UserRow): UserRecord {
  return {
    id: r.id,
    upn: r.upn,
    displayName: r.display_name,
    immutableId: r.immutable_id,
    enabled: r.enabled === 1,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const PATCH_COLUMNS: Record<Exclude<keyof UserPatch, 'updatedAt'>, string> = {
  upn: 'upn',
  displayName: 'display_name',
  enabled: 'enabled',
  passwordHash: 'password_hash',
};

export function createSqliteUserStore(db: SqliteDb): UserStore {
  const insert = db.prepare(
    `INSERT INTO users (id, upn, display_name, immutable_id, enabled, password_hash, created_at, updated_at)
     VALUES (@id, @upn, @displayName, @immutableId, @enabled, @passwordHash, @createdAt, @updatedAt)`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byUpn = db.prepare<[string], UserRow>('SELECT * FROM users WHERE upn = ?');
  const byImmutable = db.prepare<[string], UserRow>('SELECT * FROM users WHERE immutable_id = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');

  return {
    async create(u) {
      rethrowUnique('user', () => insert.run({ ...u, enabled: u.enabled ? 1 : 0 }));
    },
    getById: rowReader(byId, userFromRow),
    getByUpn: rowReader(byUpn, userFromRow),
    getByImmutableId: rowReader(byImmutable, userFromRow),
    async list(q: UserQuery = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: q.limit ?? -1, offset: q.offset ?? 0 };
      if (q.enabled !== undefined) {
        where.push('enabled = @enabled');
        params.enabled = q.enabled ? 1 : 0;
      }
      if (q.search) {
        where.push(`(upn LIKE @search ESCAPE '\\' OR display_name LIKE @search ESCAPE '\\')`);
        params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      }
      const sql = `SELECT * FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ORDER BY upn COLLATE NOCASE LIMIT @limit OFFSET @offset`;
      return db.prepare<[Record<string, unknown>], UserRow>(sql).all(params).map(userFromRow);
    },
    async count() {
      return count.get()?.n ?? 0;
    },
    async update(id, patch) {
      const sets = ['updated_at = @updatedAt'];
      const params: Record<string, unknown> = { id, updatedAt: patch.updatedAt };
      for (const [key, column] of Object.entries(PATCH_COLUMNS) as Array<[keyof typeof PATCH_COLUMNS, string]>) {
        const value = patch[key];
        if (value === undefined) continue;
        sets.push(`${column} = @${key}`);
        params[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      }
      const sql = `UPDATE users SET ${sets.join(', ')} WHERE id = @id`;
      return rethrowUnique('user', () => db.prepare(sql).run(params)).changes === 1;
    },
  };
}
