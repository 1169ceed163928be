// SPDX-License-Identifier: UNLICENSED
import type { StaffRole } from '../store/store.js';

/**
 * What a staff role may do in the helpdesk console. The matrix (✓ allowed, – refused with 403):
 *
 * | permission          | helpdesk | admin | meaning                                                        |
 * |---------------------|----------|-------|----------------------------------------------------------------|
 * | `console.view`      | ✓        | ✓     | open the console home                                          |
 * | `tokens.program`    | ✓        | ✓     | start a programming job (single or bulk) on a reader           |
 * | `jobs.view`         | ✓        | ✓     | watch any job's page and event stream (the desk is shared)      |
 * | `jobs.control_own`  | ✓        | ✓     | enter the code of, or cancel, a job one started oneself        |
 * | `jobs.control_any`  | –        | ✓     | enter the code of, or cancel, a job someone else started       |
 *
 * A user without a staff role (or whose account is disabled) has no permission at all.
 */
export type HelpdeskPermission = 'console.view' | 'tokens.program' | 'jobs.view' | 'jobs.control_own' | 'jobs.control_any';

export const HELPDESK_PERMISSIONS: Readonly<Record<StaffRole, readonly HelpdeskPermission[]>> = {
  helpdesk: ['console.view', 'tokens.program', 'jobs.view', 'jobs.control_own'],
  admin: ['console.view', 'tokens.program', 'jobs.view', 'jobs.control_own', 'jobs.control_any'],
};

/** A signed-in staff member as the console sees them. */
export interface StaffIdentity {
  userId: string;
  upn: string;
  role: StaffRole;
}

/** True when `role` grants `permission`; false for null (no staff role). */
export function can(role: StaffRole | null, permission: HelpdeskPermission): boolean {
  return role !== null && Object.hasOwn(HELPDESK_PERMISSIONS, role) && HELPDESK_PERMISSIONS[role].includes(permission);
}

/** The roles that hold `permission`, for `requireStaff`. */
export function rolesWith(permission: HelpdeskPermission): StaffRole[] {
  return (Object.keys(HELPDESK_PERMISSIONS) as StaffRole[]).filter((r) => can(r, permission));
}

/** Whether `staff` may enter a code into, or cancel, a job started by `startedBy` (a user id). */
export function canControlJob(staff: StaffIdentity, startedBy: string): boolean {
  return can(staff.role, 'jobs.control_any') || (staff.userId === startedBy && can(staff.role, 'jobs.control_own'));
}
