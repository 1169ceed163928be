// SPDX-License-Identifier: UNLICENSED
import type { EntraOutcome, ProgramStep, TokenFamily } from '../tokens/program-event.js';
import type { ConsoleEventBody, JobOutcome } from './console-event.js';

/** The phase a job's page shows; `starting` until the programmer's first event. */
export type JobPhase =
  | 'starting' | 'waiting' | 'detected' | 'press_button' | 'writing' | 'enter_code' | 'verifying' | 'registering' | 'done' | 'failed'
  | 'remove_token';

export interface BulkFailureView {
  serial: string | null;
  code: string;
  message: string;
  hint: string;
}

/** Failures kept for a bulk job's list (the most recent ones). */
const BULK_FAILURES_KEPT = 50;

/**
 * A job's state folded from its events (`applyEvent`), so a page rendered from the registry and a page
 * updated by the event stream show the same thing. In bulk mode the per-token fields describe the current
 * token and reset when the next one is awaited.
 */
export interface JobProgress {
  phase: JobPhase;
  reader: string;
  token: { kind: TokenFamily; model: string; serial: string; firmware: string | null } | null;
  /** While a display token waits for its code. */
  code: { digits: number; attemptsLeft: number; purpose: 'prove' | 'register' } | null;
  /** The last refused code, until the token moves on. */
  codeRejected: { reason: string; attemptsLeft: number } | null;
  /** Molto2's "press ▲" instruction. */
  instruction: string | null;
  result: { serial: string; state: 'programmed' | 'active'; userUpn: string | null; durationMs: number; entra?: EntraOutcome } | null;
  failure: { code: string; reason: string | null; message: string; hint: string; step: ProgramStep; serial: string | null } | null;
  /** Bulk runs: running totals and the latest failures. */
  bulk: { programmed: number; failed: number; perMinute: number; failures: BulkFailureView[] } | null;
  /** Set by the last event; the job is over. */
  outcome: JobOutcome | null;
}

export function initialProgress(reader: string, bulk: boolean): JobProgress {
  return {
    phase: 'starting', reader, token: null, code: null, codeRejected: null, instruction: null, result: null, failure: null,
    bulk: bulk ? { programmed: 0, failed: 0, perMinute: 0, failures: [] } : null, outcome: null,
  };
}

/** The state after `event`; pure (returns a new object, never changes `p`). */
export function applyEvent(p: JobProgress, event: ConsoleEventBody): JobProgress {
  switch (event.type) {
    case 'waiting':
      return { ...initialProgress(event.reader, false), phase: 'waiting', bulk: p.bulk };
    case 'detected':
      return { ...p, phase: 'detected', token: { kind: event.kind, model: event.model, serial: event.serial, firmware: event.firmware } };
    case 'press_button':
      return { ...p, phase: 'press_button', instruction: event.message };
    case 'writing':
      return { ...p, phase: 'writing', instruction: null };
    case 'enter_code':
      return { ...p, phase: 'enter_code', code: { digits: event.digits, attemptsLeft: event.attemptsLeft, purpose: event.purpose } };
    case 'verifying':
      return { ...p, phase: 'verifying' };
    case 'registering':
      return { ...p, phase: 'registering', code: null, codeRejected: null };
    case 'code_rejected':
      return { ...p, codeRejected: { reason: event.reason, attemptsLeft: event.attemptsLeft } };
    case 'done': {
      const { serial, state, userUpn, durationMs, entra } = event;
      return { ...p, phase: 'done', code: null, codeRejected: null, result: { serial, state, userUpn, durationMs, ...(entra ? { entra } : {}) } };
    }
    case 'failed': {
      const { code, message, hint, step, serial } = event;
      const failure = { code, reason: event.reason ?? null, message, hint, step, serial };
      const bulk = p.bulk && step !== 'wait'
        ? { ...p.bulk, failures: [...p.bulk.failures, { serial, code, message, hint }].slice(-BULK_FAILURES_KEPT) }
        : p.bulk;
      return { ...p, phase: 'failed', code: null, failure, bulk };
    }
    case 'remove_token':
      return { ...p, phase: 'remove_token', code: null, codeRejected: null };
    case 'progress':
      return { ...p, bulk: { failures: p.bulk?.failures ?? [], programmed: event.programmed, failed: event.failed, perMinute: event.ratePerMinute } };
    case 'bulk_done':
      return {
        ...p,
        bulk: {
          programmed: event.programmed, failed: event.failures.length, perMinute: event.ratePerMinute,
          failures: event.failures.slice(-BULK_FAILURES_KEPT).map(({ serial, code, message, hint }) => ({ serial, code, message, hint })),
        },
      };
    case 'finished':
      return { ...p, outcome: event.outcome, code: null };
  }
}
