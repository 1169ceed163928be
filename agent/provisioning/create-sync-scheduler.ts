// SPDX-License-Identifier: UNLICENSED
import type { Logger } from '../log/logger.js';
import type { Provisioner } from './create-provisioner.js';

export interface SyncScheduler {
  /** Schedules the first run after `firstDelayMs`, then every `intervalMs` after each run ends. */
  start(): void;
  /** Stops scheduling and waits for a run in progress to end (a run cut short resumes next time). */
  stop(): Promise<void>;
}

export interface SyncSchedulerOptions {
  provisioner: Pick<Provisioner, 'sync'>;
  intervalMs: number;
  /** @default 60000 */
  firstDelayMs?: number;
  logger: Logger;
}

/**
 * `graph.sync.intervalMinutes` in the daemon: one sync at a time, as the system actor; a failed or
 * thrown run is logged and the next turn comes as usual (the journal resumes it). Timers are unref'd.
 */
export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { provisioner, intervalMs, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = null;
        schedule(intervalMs);
      });
    }, ms);
    timer.unref();
  };
  const runOnce = async (): Promise<void> => {
    try {
      const { report, resumed } = await provisioner.sync({ actor: { id: 'system', source: 'system' } });
      const last = report ?? resumed;
      const fields = { runId: last?.runId, status: last?.status, counts: last?.counts, resumed: resumed !== null, error: last?.error?.code };
      if (last === null || last.status === 'done') logger.info(fields, 'scheduled graph sync finished');
      else logger.warn(fields, 'scheduled graph sync stopped; the next turn resumes it');
    } catch (err) {
      logger.error({ err }, 'scheduled graph sync failed; the next turn resumes it');
    }
  };
  return {
    start() {
      stopped = false;
      schedule(options.firstDelayMs ?? 60_000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
