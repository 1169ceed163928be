// SPDX-License-Identifier: UNLICENSED
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createBackup } from '../../ops/create-backup.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { printResult } from '../output.js';

/** `backup --out FILE`: a consistent copy of the database, safe while the daemon runs. */
export function registerBackupCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('backup')
    .description('write a consistent copy of the database (safe while serving); the master key is not included')
    .requiredOption('--out <file>', 'backup file to create')
    .action(async (o: { out: string }) => {
      await withServices(ctx, globals(), async (s, actor, rt) => {
        const result = await createBackup({ store: s.store, audit: s.audit, clock: rt.clock, logger: rt.logger, actor }, resolve(ctx.cwd, o.out));
        printResult(ctx, globals().json, result, () =>
          `wrote ${result.file} (${result.bytes} bytes, schema version ${result.schemaVersion}, integrity ok)\n` +
          `keep the master key (${rt.config.vault.masterKeyFile}) separately: the backup's secrets open only with it`);
      });
    });
}
