// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { assertDaemonStopped } from '../../ops/daemon-lock.js';
import { rotateMasterKey } from '../../vault/rotate-master-key.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { printResult } from '../output.js';
import { createProgressBar } from '../progress-bar.js';

/** `vault status|rotate`. Rotation rewraps data keys only; stop the daemon first (docs/vault.md). */
export function registerVaultCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const vault = program.command('vault').description('master key and sealed secrets');
  vault.command('status').description('active master key and secrets per key').action(async () => {
    await withServices(ctx, globals(), async (s) => {
      const st = await s.vault.status();
      printResult(ctx, globals().json, st, () => [
        `active master key: ${st.activeKid}${st.isDemo ? ' (DEMO KEY: rotate before production use)' : ''}`,
        ...Object.entries(st.countsByKid).map(([kid, n]) => `  ${kid}: ${n} sealed secret(s)`),
      ].join('\n'));
    });
  });
  vault.command('rotate').description('generate a new master key and rewrap every secret under it (resumable; stop the daemon first)')
    .option('--key-file <path>', 'the master key file to rotate (default: vault.masterKeyFile)')
    .action(async (o: { keyFile?: string }) => {
      await withServices(ctx, globals(), async (s, actor, rt) => {
        assertDaemonStopped(rt.config.dataDir, 'vault rotate');
        const bar = createProgressBar(ctx.stderr, 'rewrapping');
        const file = o.keyFile ?? rt.config.vault.masterKeyFile;
        const result = await rotateMasterKey({
          store: s.store.secrets, file, credentialsDirectory: rt.env.CREDENTIALS_DIRECTORY,
          random: rt.random, clock: rt.clock, logger: rt.logger, onProgress: (d, t) => bar.update(d, t),
          audit: { log: s.audit, actor },
        });
        bar.finish();
        printResult(ctx, globals().json, result, () =>
          `rotated to master key ${result.newKid}${result.resumed ? ' (resumed an unfinished rotation)' : ''}: ${result.rewrapped} secret(s) rewrapped, retired ${result.oldKids.join(', ') || 'none'}`);
      });
    });
}
