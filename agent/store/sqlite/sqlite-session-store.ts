// SPDX-License-Identifier: UNLICENSED
import type { WebSessionKind, WebSessionRecord, WebSessionStore } from '../store.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';
import type { SqliteDb } from './sqlite-types.js';

interface SessionRow {
  id_hash: string; kind: WebSessionKind; user_id: string; csrf: string; auth_at: number; mfa_at: number | null;
  data: string; created_at: number; last_seen_at: number; expires_at: number;
}

const fromRow = (r: SessionRow): WebSessionRecord => ({
  idHash: r.id_hash, kind: r.kind, userId: r.user_id, csrf: r.csrf, authAt: r.auth_at, mfaAt: r.mfa_at,
  data: JSON.parse(r.data) as Record<string, unknown>, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
});

export function createSqliteSessionStore(db: SqliteDb): WebSessionStore {
  const insert = db.prepare(`INSERT INTO web_sessions
    (id_hash, kind, user_id, csrf, auth_at, mfa_at, data, created_at, last_seen_at, expires_at)
    VALUES (@idHash, @kind, @userId, @csrf, @authAt, @mfaAt, @data, @createdAt, @lastSeenAt, @expiresAt)`);
  const get = db.prepare<[string], SessionRow>('SELECT * FROM web_sessions WHERE id_hash = ?');
  const touch = db.prepare('UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?');
  const del = db.prepare('DELETE FROM web_sessions WHERE id_hash = ?');
  const delUser = db.prepare('DELETE FROM web_sessions WHERE user_id = ?');
  const delUserKind = db.prepare('DELETE FROM web_sessions WHERE user_id = ? AND kind = ?');
  const prune = db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?');
  return {
    async create(s) {
      rethrowUnique('session', () => insert.run({ ...s, data: JSON.stringify(s.data) }));
    },
    get: rowReader(get, fromRow),
    async touch(idHash, at) {
      return touch.run(at, idHash).changes === 1;
    },
    async delete(idHash) {
      return del.run(idHash).changes === 1;
    },
    async deleteForUser(userId, kind) {
      return (kind === undefined ? delUser.run(userId) : delUserKind.run(userId, kind)).changes;
    },
    async pruneExpired(now) {
      return prune.run(now).changes;
    },
  };
}
