// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { STAFF_ROLES, type StaffRole } from '../../store/store.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatTable, formatTime, printResult } from '../output.js';

/** `staff grant|revoke|list`: console roles for directory users. */
export function registerStaffCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const staff = program.command('staff').description('manage helpdesk and admin roles');
  staff.command('grant').description('give a user a staff role')
    .requiredOption('--upn <upn>', 'the user').requiredOption('--role <role>', STAFF_ROLES.join(' | '))
    .action(async (o: { upn: string; role: StaffRole }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const m = await s.directory.staff.grant(o.upn, o.role, actor);
        printResult(ctx, globals().json, m, () => `${m.upn} is ${m.role}`);
      });
    });
  staff.command('revoke').description('remove a user\'s staff role').requiredOption('--upn <upn>', 'the user')
    .action(async (o: { upn: string }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const revoked = await s.directory.staff.revoke(o.upn, actor);
        printResult(ctx, globals().json, { upn: o.upn, revoked }, () => (revoked ? `revoked ${o.upn}` : `${o.upn} had no role`));
      });
    });
  staff.command('list').description('list staff').action(async () => {
    await withServices(ctx, globals(), async (s) => {
      const list = await s.directory.staff.list();
      printResult(ctx, globals().json, list, () => formatTable(['UPN', 'ROLE', 'GRANTED', 'BY'], list.map((m) => [m.upn, m.role, formatTime(m.grantedAt), m.grantedBy])));
    });
  });
}
