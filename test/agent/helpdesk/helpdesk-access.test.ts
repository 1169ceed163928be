// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { can, canControlJob, rolesWith, type HelpdeskPermission } from '../../../agent/helpdesk/helpdesk-access.js';
import type { StaffRole } from '../../../agent/store/store.js';

describe('helpdesk access', () => {
  it.each<[HelpdeskPermission, boolean, boolean]>([
    ['console.view', true, true],
    ['tokens.program', true, true],
    ['jobs.view', true, true],
    ['jobs.control_own', true, true],
    ['jobs.control_any', false, true],
  ])('%s: helpdesk %s, admin %s, no role never', (permission, helpdesk, admin) => {
    expect([can('helpdesk', permission), can('admin', permission), can(null, permission)]).toEqual([helpdesk, admin, false]);
    expect(rolesWith(permission)).toEqual((['helpdesk', 'admin'] as StaffRole[]).filter((r) => (r === 'admin' ? admin : helpdesk)));
  });

  it('refuses a role outside the catalogue', () => {
    expect(can('root' as StaffRole, 'console.view')).toBe(false);
    expect(can('constructor' as StaffRole, 'console.view')).toBe(false);
  });

  it('lets the starter control their own job, an admin any job, and no one else', () => {
    const helpdesk = { userId: 'u1', upn: 'h@contoso.com', role: 'helpdesk' as const };
    const admin = { userId: 'u2', upn: 'a@contoso.com', role: 'admin' as const };
    expect([canControlJob(helpdesk, 'u1'), canControlJob(helpdesk, 'u3'), canControlJob(admin, 'u1'), canControlJob(admin, 'u2')]).toEqual([true, false, true, true]);
  });
});
