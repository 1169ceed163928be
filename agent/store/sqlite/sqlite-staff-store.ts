// SPDX-License-Identifier: UNLICENSED
import type { StaffRecord, StaffRole, StaffStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { rowReader } from './row-reader.js';

interface StaffRow {
  user_id: string;
  role: StaffRole;
  granted_at: number;
  granted_by: string;
}

const fromRow = (r: StaffRow): StaffRecord => ({
  userId: r.user_id,
  role: r.role,
  grantedAt: r.granted_at,
  grantedBy: r.granted_by,
});

export function createSqliteStaffStore(db: SqliteDb): StaffStore {
  const upsert = db.prepare(
    `INSERT INTO staff (user_id, role, granted_at, granted_by) VALUES (@userId, @role, @grantedAt, @grantedBy)
     ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at,
       granted_by = excluded.granted_by`,
  );
  const del = db.prepare('DELETE FROM staff WHERE user_id = ?');
  const get = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE user_id = ?');
  const list = db.prepare<[], StaffRow & { upn: string; display_name: string }>(
    `SELECT s.*, u.upn, u.display_name FROM staff s JOIN users u ON u.id = s.user_id
     ORDER BY u.upn COLLATE NOCASE`,
  );

  return {
    async grant(record) {
      upsert.run(record);
    },
    async revoke(userId) {
      return del.run(userId).changes === 1;
    },
    get: rowReader(get, fromRow),
    async list() {
      return list.all().map((r) => ({ ...fromRow(r), upn: r.upn, displayName: r.display_name }));
    },
  };
}
