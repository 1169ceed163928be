// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { BulkEvent, ProgramEvent, SubmitCodeResult, TokenProgrammer } from '../tokens/create-token-programmer.js';
import type { ConsoleEventBody, JobOutcome } from './console-event.js';
import { canControlJob, type StaffIdentity } from './helpdesk-access.js';
import { JobEventLog, type JobEventListener } from './job-event-log.js';
import { applyEvent, initialProgress, type JobProgress } from './job-progress.js';

export interface ProgramConsoleOptions {
  /** How long a finished job stays viewable (page reloads, late event-stream clients). @default 900000 (15 min) */
  retainMs?: number;
  /** Finished jobs kept at most; the oldest go first. @default 200 */
  maxFinishedJobs?: number;
  /** Events kept per job (a long bulk run drops its oldest). @default 5000 */
  maxEventsPerJob?: number;
}

export interface ProgramConsoleDeps {
  programmer: Pick<TokenProgrammer, 'program' | 'bulk'>;
  devices: { listReaders(): Promise<{ name: string; card: { atr: Buffer } | null }[]> };
  clock: Clock;
  random: Random;
  logger: Logger;
  options?: ProgramConsoleOptions;
}

export interface StartJobInput {
  reader: string;
  /** Assign to this user; null programs into stock. */
  upn: string | null;
  /** Program tokens into stock one tap after another until stopped (`upn` must be null). */
  bulk: boolean;
  /** Overwrite a token that is already programmed (single jobs only). */
  reprogram?: boolean;
  algorithm?: 'SHA1' | 'SHA256';
  staff: StaffIdentity;
  /** The client address, for the audit log. */
  source: string;
}

export type StartJobResult =
  | { ok: true; job: ConsoleJobView }
  | { ok: false; reason: 'reader_busy'; runningJobId: string }
  | { ok: false; reason: 'unknown_reader' | 'bulk_needs_stock' };

/** A job as pages show it. */
export interface ConsoleJobView {
  id: string;
  reader: string;
  upn: string | null;
  bulk: boolean;
  startedBy: StaffIdentity;
  startedAt: number;
  /** Null while running. */
  finishedAt: number | null;
  progress: JobProgress;
  /** The newest event's `seq` (0 before any). */
  lastSeq: number;
}

export interface ReaderChoice {
  name: string;
  hasCard: boolean;
  /** The console job holding the reader, or null. */
  runningJobId: string | null;
}

export type ControlRefusal = { ok: false; reason: 'not_found' | 'forbidden' | 'finished' };

/**
 * The helpdesk's registry of programming jobs: at most one running job per reader, each job's numbered event
 * history (so an event-stream client that connects late or reconnects with `Last-Event-ID` misses nothing), who
 * started it, and finished jobs kept for `retainMs` then forgotten (pruned lazily on every call; no timers).
 * Job ids are random UUIDs: knowing one is not an authorization, the web layer checks roles on every request.
 */
export interface ProgramConsole {
  /** Readers for the form, with their card and the job holding each. */
  readers(): Promise<ReaderChoice[]>;
  start(input: StartJobInput): Promise<StartJobResult>;
  get(id: string): ConsoleJobView | null;
  /** Running jobs first, then finished ones, newest first. */
  list(): ConsoleJobView[];
  /**
   * `JobEventLog.subscribe` on a job: the events after `after`, then live ones, then `null` once it finished.
   * Null when the job is unknown.
   */
  subscribe(id: string, after: number, listener: JobEventListener): (() => void) | null;
  /** Hands the code shown on a display token to the job; refused for another staff member's job unless admin. */
  submitCode(id: string, code: string, staff: StaffIdentity): Promise<SubmitCodeResult | ControlRefusal>;
  /**
   * Cancels a job (a bulk run stops); refused like `submitCode`. Resolves once the job has ended, or after
   * `waitMs` (default 0: at once) if it takes longer; the job then still ends on its own.
   */
  cancel(id: string, staff: StaffIdentity, options?: { waitMs?: number }): Promise<{ ok: true } | ControlRefusal>;
  /** Cancels every running job and waits for them to end (daemon shutdown). */
  close(): Promise<void>;
}

/** A job as the registry holds it: its view (less `lastSeq`, which the log keeps) plus what runs it. */
interface JobEntry extends Omit<ConsoleJobView, 'lastSeq'> {
  /** Start order, for listing newest first when the clock has not moved. */
  n: number;
  log: JobEventLog;
  abort: AbortController;
  canceled: boolean;
  submit: (code: string) => Promise<SubmitCodeResult>;
  settled: Promise<void>;
}

const DEFAULTS = { retainMs: 15 * 60_000, maxFinishedJobs: 200, maxEventsPerJob: 5000 };

export function createProgramConsole(deps: ProgramConsoleDeps): ProgramConsole {
  const { programmer, devices, clock, random, logger } = deps;
  const opts = { ...DEFAULTS, ...deps.options };
  const jobs = new Map<string, JobEntry>();
  const running = new Map<string, JobEntry>();
  let started = 0;

  const prune = (): void => {
    const now = clock.now();
    const finished = [...jobs.values()].filter((j) => j.finishedAt !== null).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    const excess = finished.length - opts.maxFinishedJobs;
    finished.forEach((j, i) => {
      if (i < excess || now - (j.finishedAt ?? now) > opts.retainMs) jobs.delete(j.id);
    });
  };

  const view = ({ id, reader, upn, bulk, startedBy, startedAt, finishedAt, progress, log }: JobEntry): ConsoleJobView => ({
    id, reader, upn, bulk, startedBy, startedAt, finishedAt, progress, lastSeq: log.lastSeq,
  });

  const append = (j: JobEntry, body: ConsoleEventBody): void => {
    j.progress = applyEvent(j.progress, body);
    j.log.append(body);
  };

  const finish = (j: JobEntry, outcome: JobOutcome, programmed: number, failed: number): void => {
    j.finishedAt = clock.now();
    append(j, { type: 'finished', at: j.finishedAt, outcome, programmed, failed });
    j.log.close();
    if (running.get(j.reader) === j) running.delete(j.reader);
    logger.info({ jobId: j.id, reader: j.reader, outcome, programmed, failed, by: j.startedBy.upn }, 'console programming job finished');
  };

  const runSingle = (j: JobEntry, input: StartJobInput, actor: Actor): void => {
    let failed: Extract<ProgramEvent, { type: 'failed' }> | null = null;
    const job = programmer.program({
      reader: j.reader, actor, signal: j.abort.signal,
      ...(j.upn !== null ? { upn: j.upn } : {}), ...(input.reprogram ? { reprogram: true } : {}), ...(input.algorithm ? { algorithm: input.algorithm } : {}),
    }, (e) => {
      // The failure is held back until `done` settles, to add the driver's reason to it.
      if (e.type === 'failed') failed = e;
      else append(j, e);
    });
    j.submit = (code) => job.submitCode(code);
    j.settled = job.done.then((result) => {
      if (result.ok) return finish(j, 'done', 1, 0);
      const f: Extract<ProgramEvent, { type: 'failed' }> = failed ?? {
        type: 'failed', jobId: job.id, at: clock.now(), serial: result.serial, step: result.step,
        code: result.error.code, message: result.error.message, hint: String(result.error.data.hint ?? ''),
      };
      append(j, { ...f, reason: String(result.error.data.driverCode ?? result.error.code) });
      finish(j, j.canceled ? 'canceled' : 'failed', 0, 1);
    });
  };

  const runBulk = (j: JobEntry, input: StartJobInput, actor: Actor): void => {
    const job = programmer.bulk({
      reader: j.reader, actor, signal: j.abort.signal, ...(input.algorithm ? { algorithm: input.algorithm } : {}),
    }, (e: BulkEvent) => append(j, e));
    j.submit = (code) => job.submitCode(code);
    j.settled = job.done.then((r) => finish(j, r.stoppedBy === 'reader' ? 'failed' : 'done', r.programmed, r.failures.length));
  };

  const control = (id: string, staff: StaffIdentity): JobEntry | ControlRefusal => {
    prune();
    const j = jobs.get(id);
    if (!j) return { ok: false, reason: 'not_found' };
    if (!canControlJob(staff, j.startedBy.userId)) return { ok: false, reason: 'forbidden' };
    if (j.finishedAt !== null) return { ok: false, reason: 'finished' };
    return j;
  };

  return {
    async readers() {
      const list = await devices.listReaders();
      return list.map((r) => ({ name: r.name, hasCard: r.card !== null, runningJobId: running.get(r.name)?.id ?? null }));
    },
    async start(input) {
      prune();
      if (input.bulk && input.upn !== null) return { ok: false, reason: 'bulk_needs_stock' };
      const busy = running.get(input.reader);
      if (busy) return { ok: false, reason: 'reader_busy', runningJobId: busy.id };
      if (!(await devices.listReaders()).some((r) => r.name === input.reader)) return { ok: false, reason: 'unknown_reader' };
      const again = running.get(input.reader);
      if (again) return { ok: false, reason: 'reader_busy', runningJobId: again.id };
      const j: JobEntry = {
        id: random.uuid(), n: ++started, reader: input.reader, upn: input.upn, bulk: input.bulk, startedBy: input.staff, startedAt: clock.now(),
        finishedAt: null, progress: initialProgress(input.reader, input.bulk), log: new JobEventLog(opts.maxEventsPerJob),
        abort: new AbortController(), canceled: false, settled: Promise.resolve(),
        submit: () => Promise.resolve({ accepted: false, reason: 'not_waiting', attemptsLeft: 0 }),
      };
      jobs.set(j.id, j);
      running.set(j.reader, j);
      const actor: Actor = { id: `staff:${input.staff.upn}`, source: input.source };
      logger.info({ jobId: j.id, reader: j.reader, bulk: j.bulk, stock: j.upn === null, by: input.staff.upn }, 'console programming job started');
      if (input.bulk) runBulk(j, input, actor);
      else runSingle(j, input, actor);
      j.settled = j.settled.catch((err: unknown) => {
        logger.error({ err, jobId: j.id }, 'console programming job ended on a fault');
        if (j.finishedAt === null) finish(j, 'failed', 0, 1);
      });
      return { ok: true, job: view(j) };
    },
    get(id) {
      prune();
      const j = jobs.get(id);
      return j ? view(j) : null;
    },
    list() {
      prune();
      return [...jobs.values()].sort((a, b) => Number(a.finishedAt !== null) - Number(b.finishedAt !== null) || b.n - a.n).map(view);
    },
    subscribe(id, after, listener) {
      prune();
      return jobs.get(id)?.log.subscribe(after, listener) ?? null;
    },
    async submitCode(id, code, staff) {
      const j = control(id, staff);
      if ('ok' in j) return j;
      const result = await j.submit(code);
      if (!result.accepted && result.reason !== 'not_waiting' && j.finishedAt === null) {
        append(j, { type: 'code_rejected', at: clock.now(), reason: result.reason, attemptsLeft: result.attemptsLeft });
      }
      return result;
    },
    async cancel(id, staff, options = {}) {
      const j = control(id, staff);
      if ('ok' in j) return j;
      j.canceled = true;
      j.abort.abort();
      const waitMs = options.waitMs ?? 0;
      if (waitMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([j.settled, new Promise<void>((resolve) => { timer = setTimeout(resolve, waitMs); })]);
        clearTimeout(timer);
      }
      return { ok: true };
    },
    async close() {
      const all = [...running.values()];
      for (const j of all) {
        j.canceled = true;
        j.abort.abort();
      }
      await Promise.all(all.map((j) => j.settled));
    },
  };
}

