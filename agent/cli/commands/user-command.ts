// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { MfaError } from '../../errors.js';
import type { UserView } from '../../directory/user-directory.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatFields, formatTable, formatTime, printResult } from '../output.js';
import { promptSecret, readStdinSecret } from '../read-secret-input.js';

type Globals = () => GlobalOptions;

/** `user add|list|show|update|disable|enable|set-password`. Passwords come from stdin or a prompt, never argv. */
export function registerUserCommand(program: Command, ctx: CliContext, globals: Globals): void {
  const user = program.command('user').description('manage directory users');

  user.command('add')
    .description('create a user (a new immutable id is generated and never changes)')
    .requiredOption('--upn <upn>', 'user principal name, e.g. alice@contoso.com')
    .requiredOption('--display-name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--no-password', 'create the user without a password')
    .option('--group <name...>', 'add the user to these existing groups')
    .option('--disabled', 'create the user disabled')
    .action(async (o: { upn: string; displayName: string; passwordStdin?: boolean; password: boolean; group?: string[]; disabled?: boolean }) => {
      const password = await passwordFor(ctx, o);
      await withServices(ctx, globals(), async (s, actor) => {
        const created = await s.directory.users.add({ upn: o.upn, displayName: o.displayName, ...(password === undefined ? {} : { password }), enabled: !o.disabled }, actor);
        for (const g of o.group ?? []) await s.directory.groups.addMember(g, created.upn, actor);
        printResult(ctx, globals().json, created, () => `created ${created.upn} (immutable id ${created.immutableId})`);
      });
    });

  user.command('list')
    .description('list users')
    .option('--search <text>', 'filter by UPN or display name')
    .option('--disabled', 'only disabled users')
    .option('--limit <n>', 'at most n users', (v) => positiveInt(v, '--limit'))
    .action(async (o: { search?: string; disabled?: boolean; limit?: number }) => {
      await withServices(ctx, globals(), async (s) => {
        const users = await s.directory.users.list({
          ...(o.search ? { search: o.search } : {}), ...(o.disabled ? { enabled: false } : {}), ...(o.limit ? { limit: o.limit } : {}),
        });
        printResult(ctx, globals().json, users, () => formatTable(
          ['UPN', 'DISPLAY NAME', 'ENABLED', 'PASSWORD', 'IMMUTABLE ID'],
          users.map((u) => [u.upn, u.displayName, u.enabled ? 'yes' : 'no', u.hasPassword ? 'set' : '-', u.immutableId]),
        ));
      });
    });

  user.command('show <upn>')
    .description('show one user with groups and staff role')
    .action(async (upn: string) => {
      await withServices(ctx, globals(), async (s) => {
        const u = await s.directory.users.get(upn);
        const groups = (await s.directory.groups.groupsOf(u.upn)).map((g) => g.name);
        const role = (await s.store.staff.get(u.id))?.role ?? null;
        printResult(ctx, globals().json, { ...u, groups, staffRole: role }, () => showUser(u, groups, role));
      });
    });

  user.command('update <upn>')
    .description('rename a user or change the display name (the immutable id stays)')
    .option('--new-upn <upn>', 'new user principal name')
    .option('--display-name <name>', 'new display name')
    .action(async (upn: string, o: { newUpn?: string; displayName?: string }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const u = await s.directory.users.update(upn, { ...(o.newUpn ? { upn: o.newUpn } : {}), ...(o.displayName ? { displayName: o.displayName } : {}) }, actor);
        printResult(ctx, globals().json, u, () => `updated ${u.upn}`);
      });
    });

  for (const [name, enabled] of [['disable', false], ['enable', true]] as const) {
    user.command(`${name} <upn>`)
      .description(`${name} a user`)
      .action(async (upn: string) => {
        await withServices(ctx, globals(), async (s, actor) => {
          const u = await s.directory.users.setEnabled(upn, enabled, actor);
          printResult(ctx, globals().json, u, () => `${u.upn} is ${u.enabled ? 'enabled' : 'disabled'}`);
        });
      });
  }

  user.command('unlock <upn>')
    .description('clear the user\'s failed-attempt counters and delays (helpdesk reset of a lockout)')
    .action(async (upn: string) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const before = await s.lockout.status((await s.directory.users.get(upn)).id);
        const cleared = await s.tokens.unlockUser(upn, actor);
        printResult(ctx, globals().json, { upn, cleared, before }, () =>
          cleared ? `cleared ${before.map((b) => `${b.factor} (${b.failures} failure(s)${b.hardLocked ? ', locked' : ''})`).join(', ')} for ${upn}` : `${upn} had no failed attempts`);
      });
    });

  user.command('set-password <upn>')
    .description('set a user\'s password (from --password-stdin or a prompt)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (upn: string, o: { passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readStdinSecret(ctx) : await promptSecret(ctx, 'New password');
      await withServices(ctx, globals(), async (s, actor) => {
        await s.directory.users.setPassword(upn, password, actor);
        printResult(ctx, globals().json, { upn, passwordSet: true }, () => `password set for ${upn}`);
      });
    });
}

async function passwordFor(ctx: CliContext, o: { passwordStdin?: boolean; password: boolean }): Promise<string | undefined> {
  if (o.passwordStdin && !o.password) throw new MfaError('ERR_INVALID_INPUT', '--password-stdin and --no-password exclude each other');
  if (o.passwordStdin) return readStdinSecret(ctx);
  if (!o.password) return undefined;
  if (ctx.stdin.isTTY) return promptSecret(ctx, 'Password');
  throw new MfaError('ERR_INVALID_INPUT', 'no password given: use --password-stdin, run on a terminal to be prompted, or pass --no-password');
}

function showUser(u: UserView, groups: string[], role: string | null): string {
  return formatFields([
    ['UPN', u.upn], ['Display name', u.displayName], ['Id', u.id], ['Immutable id', u.immutableId],
    ['Enabled', u.enabled ? 'yes' : 'no'], ['Password', u.hasPassword ? 'set' : 'not set'],
    ['Groups', groups.join(', ') || '-'], ['Staff role', role ?? '-'],
    ['Created', formatTime(u.createdAt)], ['Updated', formatTime(u.updatedAt)],
  ]);
}

export function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new MfaError('ERR_INVALID_INPUT', `${flag} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}
