// SPDX-License-Identifier: UNLICENSED
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MfaError } from '../../errors.js';
import { restoreBackup } from '../../ops/restore-backup.js';
import { loadKeyring } from '../../vault/load-keyring.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { cliActor, loadRuntime } from '../load-runtime.js';
import { printResult } from '../output.js';

/** `restore --from FILE --yes`: replaces the live database with a checked backup (daemon stopped). */
export function registerRestoreCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('restore')
    .description('replace the database with a backup (stop the daemon first; the old database is kept beside it)')
    .requiredOption('--from <file>', 'backup file written by `mfa-appliance backup`')
    .option('--yes', 'confirm replacing the live database')
    .action(async (o: { from: string; yes?: boolean }) => {
      if (!o.yes) throw new MfaError('ERR_CONFIRMATION_REQUIRED', 'restore replaces the live database; run it again with --yes to confirm');
      const rt = loadRuntime(ctx, globals());
      const keyring = loadKeyring({ file: rt.config.vault.masterKeyFile, credentialsDirectory: rt.env.CREDENTIALS_DIRECTORY });
      const result = await restoreBackup({
        dataDir: rt.config.dataDir, databasePath: rt.config.store.sqlite.path, keyring, clock: rt.clock, logger: rt.logger, actor: cliActor(ctx),
      }, resolve(ctx.cwd, o.from));
      printResult(ctx, globals().json, result, () =>
        `restored ${result.from} (${result.backupRecords} audit records, schema ${result.schemaVersion})` +
        (result.previous ? `\nthe replaced database was kept as ${result.previous}` : ''));
    });
}
