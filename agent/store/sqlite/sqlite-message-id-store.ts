// SPDX-License-Identifier: UNLICENSED
import type { MessageIdStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';

export function createSqliteMessageIdStore(db: SqliteDb): MessageIdStore {
  // One statement: a new id inserts; an expired record of the same id is taken over; a live one is left
  // alone and no row comes back (the replay).
  const remember = db.prepare<[string, string, number, number], { issuer: string }>(`INSERT INTO seen_message_ids (issuer, message_id, expires_at)
    VALUES (?, ?, ?)
    ON CONFLICT (issuer, message_id) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_message_ids.expires_at <= ?
    RETURNING issuer`);
  const prune = db.prepare('DELETE FROM seen_message_ids WHERE expires_at <= ?');
  return {
    async remember(issuer, id, expiresAt, now) {
      return remember.get(issuer, id, expiresAt, now) !== undefined;
    },
    async pruneExpired(now) {
      return prune.run(now).changes;
    },
  };
}
