// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { startAppliance } from '../../main.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { loadRuntime } from '../load-runtime.js';

/**
 * `serve`: runs the daemon in the foreground until SIGTERM or SIGINT, then drains and exits 0.
 * Logs are JSON lines on stdout at `log.level`.
 */
export function registerServeCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('serve').description('run the appliance in the foreground').action(async () => {
    const { createLogger } = await import('../../log/create-logger.js');
    const base = loadRuntime(ctx, globals());
    const rt = { ...base, logger: ctx.logger ?? createLogger({ level: base.config.log.level, destination: ctx.stdout }) };
    const appliance = await startAppliance(rt);
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => (): void => {
        void appliance.stop({ signal }).then(resolve, resolve);
      };
      const on = ctx.onSignal ?? ((sig, handler) => process.once(sig, handler));
      on('SIGTERM', stop('SIGTERM'));
      on('SIGINT', stop('SIGINT'));
    });
  });
}
