// SPDX-License-Identifier: UNLICENSED
import type { GroupRecord, GroupStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';
import { userFromRow, type UserRow } from './sqlite-user-store.js';

interface GroupRow {
  id: string;
  name: string;
  description: string;
  created_at: number;
}

const fromRow = (r: GroupRow): GroupRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: r.created_at,
});

export function createSqliteGroupStore(db: SqliteDb): GroupStore {
  const insert = db.prepare(
    'INSERT INTO groups (id, name, description, created_at) VALUES (@id, @name, @description, @createdAt)',
  );
  const byId = db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE id = ?');
  const byName = db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE name = ?');
  const all = db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY name COLLATE NOCASE');
  const addMember = db.prepare(
    'INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const removeMember = db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?');
  const members = db.prepare<[string], UserRow>(
    `SELECT u.* FROM users u JOIN group_members m ON m.user_id = u.id
     WHERE m.group_id = ? ORDER BY u.upn COLLATE NOCASE`,
  );
  const groupsOf = db.prepare<[string], GroupRow>(
    `SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id
     WHERE m.user_id = ? ORDER BY g.name COLLATE NOCASE`,
  );
  const del = db.prepare('DELETE FROM groups WHERE id = ?');

  return {
    async create(g) {
      rethrowUnique('group', () => insert.run(g));
    },
    getById: rowReader(byId, fromRow),
    getByName: rowReader(byName, fromRow),
    async list() {
      return all.all().map(fromRow);
    },
    async addMember(groupId, userId, at) {
      return addMember.run(groupId, userId, at).changes === 1;
    },
    async removeMember(groupId, userId) {
      return removeMember.run(groupId, userId).changes === 1;
    },
    async listMembers(groupId) {
      return members.all(groupId).map(userFromRow);
    },
    async listGroupsOfUser(userId) {
      return groupsOf.all(userId).map(fromRow);
    },
    async delete(id) {
      return del.run(id).changes === 1;
    },
  };
}
