// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { startAppliance } from '../../main.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { loadRuntime } from '../load-runtime.js';

/**
 * `serve`: runs the daemon in the foreground. SIGTERM or SIGINT drain it and exit 0; an uncaught
 * exception or unhandled rejection is logged as fatal, audited as `service.stopped` with outcome
 * `error`, and exits 1 (systemd then restarts the unit). Logs are JSON lines on stdout at `log.level`.
 */
export function registerServeCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('serve').description('run the appliance in the foreground').action(async () => {
    const { createLogger } = await import('../../log/create-logger.js');
    const base = loadRuntime(ctx, globals());
    const rt = { ...base, logger: ctx.logger ?? createLogger({ level: base.config.log.level, destination: ctx.stdout }) };
    const appliance = await startAppliance(rt);
    const code = await new Promise<number>((resolve) => {
      const stop = (reason: { signal?: string; error?: unknown }, exitCode: number): void => {
        void appliance.stop(reason).then(() => resolve(exitCode), () => resolve(1));
      };
      const on = ctx.onSignal ?? ((sig, handler) => process.once(sig, handler));
      on('SIGTERM', () => stop({ signal: 'SIGTERM' }, 0));
      on('SIGINT', () => stop({ signal: 'SIGINT' }, 0));
      if (!ctx.onSignal) {
        const crash = (error: unknown): void => {
          rt.logger.fatal({ err: error }, 'uncaught fault; stopping');
          stop({ error }, 1);
        };
        process.once('uncaughtException', crash);
        process.once('unhandledRejection', crash);
      }
    });
    if (code !== 0) process.exitCode = code;
  });
}
