// SPDX-License-Identifier: UNLICENSED
import type { DeviceManager } from '../../drivers/device-manager.js';
import type { Clock } from '../ports/clock.js';
import type { ProgramEvent } from './program-event.js';
import type { ProgramResult } from './run-program-job.js';
import { toProgramError } from './to-program-error.js';
import { waitForRemoval } from './wait-for-removal.js';

/** One token that could not be programmed in a bulk run. */
export interface BulkFailure {
  /** Position in the run, from 0. */
  index: number;
  serial: string | null;
  code: string;
  message: string;
  hint: string;
}

/**
 * Progress of a bulk run: each token's own events with its `index`, then `remove_token` (wait for the token to
 * leave the reader), `progress` after every token, and one final `bulk_done`.
 */
export type BulkEvent =
  | (ProgramEvent & { index: number })
  | { type: 'remove_token'; jobId: string; at: number; index: number; reader: string }
  | { type: 'progress'; jobId: string; at: number; programmed: number; failed: number; ratePerMinute: number; elapsedMs: number }
  | ({ type: 'bulk_done'; jobId: string; at: number } & BulkResult);

export interface BulkResult {
  programmed: number;
  failures: BulkFailure[];
  /** Start of the run to its end. */
  durationMs: number;
  /** Programmed tokens per minute of the run's wall time (taps and code entry included). */
  ratePerMinute: number;
  /** `count` reached, `abort`ed, or the `reader` (or pcscd) went away. */
  stoppedBy: 'count' | 'abort' | 'reader';
}

/** Driver codes after which no next token can come on this reader. */
const FATAL = new Set(['ERR_READER_GONE', 'ERR_PCSCD_UNAVAILABLE', 'ERR_READER_BUSY']);

export interface BulkRunDeps {
  clock: Clock;
  devices: Pick<DeviceManager, 'listReaders' | 'subscribe'>;
}

export interface BulkRunInput {
  id: string;
  reader: string;
  /** Stop after this many programmed tokens; default: until aborted. */
  count?: number;
  signal?: AbortSignal;
}

/**
 * Programs tokens into stock one tap after another: `programOne(index)` runs one job, then the run waits for the
 * token to leave the reader before the next. Failures are listed and the run goes on; it stops after `count`
 * programmed tokens, on abort, or when the reader is gone.
 */
export async function runBulkJob(
  deps: BulkRunDeps, input: BulkRunInput, programOne: (index: number, onEvent: (e: ProgramEvent) => void) => Promise<ProgramResult>,
  emit: (e: BulkEvent) => void,
): Promise<BulkResult> {
  const { clock } = deps;
  const start = clock.now();
  const failures: BulkFailure[] = [];
  let programmed = 0;
  let stoppedBy: BulkResult['stoppedBy'] = 'count';
  const stamp = { jobId: input.id };
  const rate = (): number => {
    const minutes = (clock.now() - start) / 60_000;
    return minutes > 0 ? programmed / minutes : 0;
  };
  for (let index = 0; input.count === undefined || programmed < input.count; index++) {
    if (input.signal?.aborted) {
      stoppedBy = 'abort';
      break;
    }
    const result = await programOne(index, (e) => emit({ ...e, index }));
    if (result.ok) programmed++;
    else if (result.step !== 'wait') {
      failures.push({ index, serial: result.serial, code: result.error.code, message: result.error.message, hint: String(result.error.data.hint) });
    }
    emit({ type: 'progress', ...stamp, at: clock.now(), programmed, failed: failures.length, ratePerMinute: rate(), elapsedMs: clock.now() - start });
    if (!result.ok && input.signal?.aborted) {
      stoppedBy = 'abort';
      break;
    }
    if (!result.ok && FATAL.has(String(result.error.data.driverCode ?? result.error.code))) {
      stoppedBy = 'reader';
      break;
    }
    if (input.count !== undefined && programmed >= input.count) break;
    emit({ type: 'remove_token', ...stamp, at: clock.now(), index, reader: input.reader });
    try {
      await waitForRemoval(deps.devices, input.reader, input.signal);
    } catch (err) {
      const e = toProgramError(err, { step: 'wait', reader: input.reader, serial: null });
      stoppedBy = e.data.driverCode === 'ERR_CANCELED' ? 'abort' : 'reader';
      break;
    }
  }
  const result: BulkResult = { programmed, failures, durationMs: clock.now() - start, ratePerMinute: rate(), stoppedBy };
  emit({ type: 'bulk_done', ...stamp, at: clock.now(), ...result });
  return result;
}
