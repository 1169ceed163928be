// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatTable, formatTime, printResult } from '../output.js';

/** `group add|list|delete|members|add-member|remove-member`. */
export function registerGroupCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const group = program.command('group').description('manage directory groups');
  group.command('add <name>').description('create a group').option('--description <text>', 'free text')
    .action(async (name: string, o: { description?: string }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const g = await s.directory.groups.add({ name, ...(o.description ? { description: o.description } : {}) }, actor);
        printResult(ctx, globals().json, g, () => `created group ${g.name}`);
      });
    });
  group.command('list').description('list groups').action(async () => {
    await withServices(ctx, globals(), async (s) => {
      const groups = await s.directory.groups.list();
      printResult(ctx, globals().json, groups, () => formatTable(['NAME', 'DESCRIPTION', 'CREATED'], groups.map((g) => [g.name, g.description, formatTime(g.createdAt)])));
    });
  });
  group.command('delete <name>').description('delete a group (members stay users)').action(async (name: string) => {
    await withServices(ctx, globals(), async (s, actor) => {
      await s.directory.groups.remove(name, actor);
      printResult(ctx, globals().json, { deleted: name }, () => `deleted group ${name}`);
    });
  });
  group.command('members <name>').description('list members').action(async (name: string) => {
    await withServices(ctx, globals(), async (s) => {
      const users = await s.directory.groups.members(name);
      printResult(ctx, globals().json, users, () => formatTable(['UPN', 'DISPLAY NAME', 'ENABLED'], users.map((u) => [u.upn, u.displayName, u.enabled ? 'yes' : 'no'])));
    });
  });
  for (const [cmd, add] of [['add-member', true], ['remove-member', false]] as const) {
    group.command(`${cmd} <name> <upn>`).description(`${add ? 'add a user to' : 'remove a user from'} a group`)
      .action(async (name: string, upn: string) => {
        await withServices(ctx, globals(), async (s, actor) => {
          const changed = add ? await s.directory.groups.addMember(name, upn, actor) : await s.directory.groups.removeMember(name, upn, actor);
          printResult(ctx, globals().json, { group: name, upn, changed }, () => (changed ? `${add ? 'added' : 'removed'} ${upn}` : 'nothing to change'));
        });
      });
  }
}
