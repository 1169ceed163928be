// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { STAFF_ROLES, type StaffRecord, type StaffRole, type StaffStore, type UserStore } from '../store/store.js';

export type StaffMember = StaffRecord & { upn: string; displayName: string };

/** Staff are directory users holding a role; they sign in to the console with password and code. */
export interface StaffDirectory {
  /** Grants or changes a role. `ERR_NOT_FOUND` for an unknown user, `ERR_INVALID_INPUT` for an unknown role. */
  grant(upn: string, role: StaffRole, actor: Actor): Promise<StaffMember>;
  /** Returns false when the user held no role. */
  revoke(upn: string, actor: Actor): Promise<boolean>;
  /** The role of an enabled user, or null. A disabled user has no effective role. */
  roleOf(userId: string): Promise<StaffRole | null>;
  list(): Promise<StaffMember[]>;
}

export interface StaffDirectoryDeps {
  staff: StaffStore;
  users: UserStore;
  audit: AuditLog;
  clock: Clock;
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function createStaffDirectory(deps: StaffDirectoryDeps): StaffDirectory {
  const { staff, users, audit, clock } = deps;
  async function user(upn: string) {
    const u = await users.getByUpn(upn);
    if (!u) throw new MfaError('ERR_NOT_FOUND', `no user ${JSON.stringify(upn)}`, { data: { user: upn } });
    return u;
  }
  return {
    async grant(upn, role, actor) {
      if (!isStaffRole(role)) {
        throw new MfaError('ERR_INVALID_INPUT', `role must be one of ${STAFF_ROLES.join(', ')}`, { data: { field: 'role', role } });
      }
      const u = await user(upn);
      const before = await staff.get(u.id);
      const record: StaffRecord = { userId: u.id, role, grantedAt: clock.now(), grantedBy: actor.id };
      if (before?.role !== role) {
        await staff.grant(record);
        await audit.record({
          event: 'staff.granted', actor: actor.id, source: actor.source, subject: u.upn, outcome: 'success',
          details: { userId: u.id, role, ...(before ? { previousRole: before.role } : {}) },
        });
      }
      return { ...(before?.role === role ? before : record), upn: u.upn, displayName: u.displayName };
    },
    async revoke(upn, actor) {
      const u = await user(upn);
      const before = await staff.get(u.id);
      if (!before || !(await staff.revoke(u.id))) return false;
      await audit.record({
        event: 'staff.revoked', actor: actor.id, source: actor.source, subject: u.upn, outcome: 'success',
        details: { userId: u.id, role: before.role },
      });
      return true;
    },
    async roleOf(userId) {
      const [s, u] = [await staff.get(userId), await users.getById(userId)];
      return s && u?.enabled ? s.role : null;
    },
    list: () => staff.list(),
  };
}
