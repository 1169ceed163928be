// SPDX-License-Identifier: UNLICENSED
import type { BulkEvent, ProgramEvent, SubmitCodeResult } from '../tokens/create-token-programmer.js';

/** How a console job ended: `done` (a bulk run stopped by staff or its count is `done` too), `failed`, or `canceled`. */
export type JobOutcome = 'done' | 'failed' | 'canceled';

/**
 * A programmer `failed` event, plus `reason`: the driver's code when a device fault caused it (`ERR_CARD_REMOVED`,
 * `ERR_AUTH_FAILED`, `ERR_UNKNOWN_CARD`, …), else the `MfaError` code; absent in bulk runs, which do not report it.
 */
export type ConsoleFailedEvent = Extract<ProgramEvent, { type: 'failed' }> & { reason?: string; index?: number };

/** A code typed on the console was refused (the programmer's answer to `submitCode`). */
export interface CodeRejectedEvent {
  type: 'code_rejected';
  at: number;
  reason: Extract<SubmitCodeResult, { accepted: false }>['reason'];
  attemptsLeft: number;
}

/** The last event of every console job, after the programmer's own `done`, `failed` or `bulk_done`. */
export interface FinishedEvent {
  type: 'finished';
  at: number;
  outcome: JobOutcome;
  /** Tokens programmed and failed (a single job: 1/0 or 0/1). */
  programmed: number;
  failed: number;
}

/** Everything a console job's history holds: the programmer's events (single or bulk) and the console's own. */
export type ConsoleEventBody =
  | Exclude<BulkEvent, { type: 'failed' }>
  | Exclude<ProgramEvent, { type: 'failed' }>
  | ConsoleFailedEvent
  | CodeRejectedEvent
  | FinishedEvent;

/** One entry of a job's history. `seq` counts from 1 in order (the SSE `id:`); `finished` is always last. */
export interface ConsoleEvent {
  seq: number;
  body: ConsoleEventBody;
}
