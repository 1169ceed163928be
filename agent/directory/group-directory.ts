// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { GroupRecord, GroupStore, UserStore } from '../store/store.js';
import { toUserView, type UserView } from './user-directory.js';

export interface GroupDirectory {
  /** `ERR_INVALID_INPUT` for an empty or over-long name, `ERR_ALREADY_EXISTS` for a taken one. */
  add(input: { name: string; description?: string }, actor: Actor): Promise<GroupRecord>;
  /** Throws `ERR_NOT_FOUND`. */
  get(nameOrId: string): Promise<GroupRecord>;
  list(): Promise<GroupRecord[]>;
  remove(nameOrId: string, actor: Actor): Promise<void>;
  /** Idempotent: returns false (and writes no audit record) when nothing changed. */
  addMember(group: string, upn: string, actor: Actor): Promise<boolean>;
  removeMember(group: string, upn: string, actor: Actor): Promise<boolean>;
  members(group: string): Promise<UserView[]>;
  groupsOf(upn: string): Promise<GroupRecord[]>;
}

export interface GroupDirectoryDeps {
  groups: GroupStore;
  users: UserStore;
  audit: AuditLog;
  clock: Clock;
  random: Random;
}

/** 1 to 128 characters, none of them a control character (C0, DEL, C1). */
const NAME = /^\P{Cc}{1,128}$/u;

export function createGroupDirectory(deps: GroupDirectoryDeps): GroupDirectory {
  const { groups, users, audit, clock, random } = deps;

  async function group(nameOrId: string): Promise<GroupRecord> {
    const g = (await groups.getByName(nameOrId)) ?? (await groups.getById(nameOrId));
    if (!g) throw new MfaError('ERR_NOT_FOUND', `no group ${JSON.stringify(nameOrId)}`, { data: { group: nameOrId } });
    return g;
  }
  async function user(upn: string) {
    const u = await users.getByUpn(upn);
    if (!u) throw new MfaError('ERR_NOT_FOUND', `no user ${JSON.stringify(upn)}`, { data: { user: upn } });
    return u;
  }

  return {
    async add(input, actor) {
      const name = input.name.trim();
      if (!NAME.test(name)) {
        throw new MfaError('ERR_INVALID_INPUT', 'group name must be 1 to 128 printable characters', { data: { field: 'name' } });
      }
      const record: GroupRecord = { id: random.uuid(), name, description: input.description?.trim() ?? '', createdAt: clock.now() };
      await groups.create(record);
      await audit.record({
        event: 'group.created', actor: actor.id, source: actor.source, subject: name, outcome: 'success',
        details: { groupId: record.id },
      });
      return record;
    },
    get: group,
    list: () => groups.list(),
    async remove(nameOrId, actor) {
      const g = await group(nameOrId);
      await groups.delete(g.id);
      await audit.record({
        event: 'group.deleted', actor: actor.id, source: actor.source, subject: g.name, outcome: 'success',
        details: { groupId: g.id },
      });
    },
    async addMember(groupName, upn, actor) {
      const [g, u] = [await group(groupName), await user(upn)];
      const added = await groups.addMember(g.id, u.id, clock.now());
      if (added) {
        await audit.record({
          event: 'group.member_added', actor: actor.id, source: actor.source, subject: u.upn, outcome: 'success',
          details: { groupId: g.id, group: g.name, userId: u.id },
        });
      }
      return added;
    },
    async removeMember(groupName, upn, actor) {
      const [g, u] = [await group(groupName), await user(upn)];
      const removed = await groups.removeMember(g.id, u.id);
      if (removed) {
        await audit.record({
          event: 'group.member_removed', actor: actor.id, source: actor.source, subject: u.upn, outcome: 'success',
          details: { groupId: g.id, group: g.name, userId: u.id },
        });
      }
      return removed;
    },
    async members(groupName) {
      return (await groups.listMembers((await group(groupName)).id)).map(toUserView);
    },
    async groupsOf(upn) {
      return groups.listGroupsOfUser((await user(upn)).id);
    },
  };
}
