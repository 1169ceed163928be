// SPDX-License-Identifier: UNLICENSED
import { Command, CommanderError } from 'commander';
import { ConfigError, isMfaError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { registerApiClientCommand } from './commands/api-client-command.js';
import { registerAuditCommand } from './commands/audit-command.js';
import { registerBackupCommand } from './commands/backup-command.js';
import { registerDoctorCommand } from './commands/doctor-command.js';
import { registerFederationCommand } from './commands/federation-command.js';
import { registerGraphCommand } from './commands/graph-command.js';
import { registerGroupCommand } from './commands/group-command.js';
import { registerInitCommand } from './commands/init-command.js';
import { registerReadersCommand } from './commands/readers-command.js';
import { registerRestoreCommand } from './commands/restore-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerStaffCommand } from './commands/staff-command.js';
import { registerTokenCommand } from './commands/token-command.js';
import { registerUserCommand } from './commands/user-command.js';
import { registerVaultCommand } from './commands/vault-command.js';

/**
 * Runs `mfa-appliance <argv>` and returns the exit code: 0 success, 1 a failed operation (the message
 * names the error code), 2 bad usage or an invalid configuration (the message names the key path).
 * With `--json`, failures are printed to stderr as `{ "error": { code, message, data } }`.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = new Command('mfa-appliance');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  program
    .description('On-prem MFA appliance: hardware tokens, federation for Entra ID, trusted origin, Graph provisioning')
    .version(VERSION, '-V, --version')
    .option('-c, --config <file>', 'configuration file (default: $MFA_APPLIANCE_CONFIG)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .showHelpAfterError();
  for (const register of [
    registerInitCommand, registerServeCommand, registerUserCommand, registerGroupCommand, registerStaffCommand,
    registerTokenCommand, registerApiClientCommand, registerVaultCommand, registerAuditCommand, registerBackupCommand, registerRestoreCommand, registerDoctorCommand, registerReadersCommand, registerGraphCommand,
    registerFederationCommand,
  ]) register(program, ctx, globals);
  for (const c of program.commands) c.exitOverride();

  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    return code;
  } catch (err) {
    return reportError(err, ctx, argv.includes('--json'));
  } finally {
    process.exitCode = before;
  }
}

function reportError(err: unknown, ctx: CliContext, json: boolean): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  const code = err instanceof ConfigError ? 2 : 1;
  if (json) {
    const e = isMfaError(err) ? { code: err.code, message: err.message, data: err.data } : { code: 'ERR_INTERNAL', message: String((err as Error)?.message ?? err) };
    ctx.stderr.write(`${JSON.stringify({ error: e })}\n`);
  } else if (isMfaError(err)) {
    ctx.stderr.write(`error [${err.code}]: ${err.message}\n`);
  } else {
    ctx.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  return code;
}
