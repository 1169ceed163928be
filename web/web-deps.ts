// SPDX-License-Identifier: UNLICENSED
import type { Logger } from '../agent/log/logger.js';
import type { Metrics } from '../agent/ops/create-metrics.js';
import type { Readiness } from '../agent/ops/check-readiness.js';
import type { Clock } from '../agent/ports/clock.js';

/** Everything `createWebApp` needs, handed in by the composition root. */
export interface WebDeps {
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  /** Readiness of the daemon's dependencies (store open, schema current). */
  readiness(): Promise<Readiness>;
  options: {
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: number;
  };
}
