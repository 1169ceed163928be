// SPDX-License-Identifier: UNLICENSED
import type { DeviceManager } from '../../drivers/device-manager.js';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import type { VerifyWindow } from '../otp/match-token-code.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { CodeInbox, type SubmitCodeResult } from './code-inbox.js';
import type { ProgramEvent, ProgramEventBody } from './program-event.js';
import type { ProgrammingPolicy } from './programming-policy.js';
import type { RegisterInEntra } from './register-programmed-token.js';
import { runBulkJob, type BulkEvent, type BulkResult } from './run-bulk-job.js';
import { runProgramJob, type ProgramLimits, type ProgramResult } from './run-program-job.js';
import { toProgramError } from './to-program-error.js';

export type { BulkEvent, BulkFailure, BulkResult } from './run-bulk-job.js';
export type { SubmitCodeResult } from './code-inbox.js';
export type { EntraOutcome, ProgramEvent, ProgramStep, TokenFamily } from './program-event.js';
export type { ProgrammingPolicy } from './programming-policy.js';
export type { RegisterInEntra } from './register-programmed-token.js';
export type { ProgramResult } from './run-program-job.js';

export interface TokenProgrammerDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Reaches the readers; one job per reader at a time (`runExclusive`). */
  devices: Pick<DeviceManager, 'runExclusive' | 'listReaders' | 'subscribe'>;
  /** Checks the codes of display tokens programmed for a user (`verifyToken`, purpose `enrolment`). */
  verifier: OtpVerifier;
  /** The verifier's window (`otp.window`, `otp.hotpLookAhead`, `otp.maxDriftSteps`), for proofs of stock tokens. */
  window: VerifyWindow;
  /** Default parameters of new seeds; `program({ algorithm })` may override the hash. */
  policy: ProgrammingPolicy;
  /** Issuer written into YKOATH credentials (`otp.issuer`). */
  issuer: string;
  /** Optional: registers a token activated for a user in Entra when `program({ registerInEntra: true })` asks. */
  registerInEntra?: RegisterInEntra;
  /** Bounds of the human parts; every field has a default. */
  limits?: Partial<ProgramLimits>;
}

export interface ProgramInput {
  /** PC/SC reader name. */
  reader: string;
  /** The user to assign the token to (activated once proven); omit for stock (the token ends `programmed`). */
  upn?: string;
  /** Burn over a token that is already programmed or in use; its old seed is destroyed first. Default false. */
  reprogram?: boolean;
  /** Hash of the new seed; default the policy's. */
  algorithm?: ProgrammingPolicy['algorithm'];
  /** After activation, register the token in Entra (needs `upn` and the `registerInEntra` dependency). Default: the policy's. */
  registerInEntra?: boolean;
  /** Cancels the job at its next step (the token is then left `needs_reprogramming`, never active). */
  signal?: AbortSignal;
  actor: Actor;
}

/** A running program-and-assign job. */
export interface ProgramJob {
  readonly id: string;
  readonly reader: string;
  /**
   * Hands in the code a display token shows, while the job has announced `enter_code`. Resolves once the code is
   * checked: `{ accepted: true }`, or why not with the tries left (after the last one the job fails). A code handed
   * in at any other time is answered `not_waiting` and counts for nothing.
   */
  submitCode(code: string): Promise<SubmitCodeResult>;
  /** Settles once with the outcome; never rejects. */
  readonly done: Promise<ProgramResult>;
}

export interface BulkInput {
  reader: string;
  /** Stop after this many programmed tokens; default: until `signal` aborts. */
  count?: number;
  algorithm?: ProgrammingPolicy['algorithm'];
  signal?: AbortSignal;
  actor: Actor;
}

/** A running bulk run (stock only). `submitCode` goes to the token being programmed now. */
export interface BulkJob {
  readonly id: string;
  readonly reader: string;
  submitCode(code: string): Promise<SubmitCodeResult>;
  /** Settles once; never rejects. */
  readonly done: Promise<BulkResult>;
}

export interface TokenProgrammer {
  /**
   * Starts a job on `input.reader`: wait for a tap → detect (`detected`) → seed generated and the row left
   * `needs_reprogramming` without an active seed → burn (`writing`) → prove (YKOATH read-back, or `enter_code` and
   * `submitCode`) → only then activate: `programmed` for stock, `active` and assigned for a user → `done`. Any fault
   * ends in one `failed` event (code, message, hint) and `done` resolving `{ ok: false }`; the token is then never
   * active on the new seed. `onEvent` is called synchronously in order; a listener that throws is logged and ignored.
   * A second job on a busy reader fails at once with `ERR_READER_BUSY`.
   */
  program(input: ProgramInput, onEvent: (e: ProgramEvent) => void): ProgramJob;
  /**
   * Programs tokens into stock one tap after another (each as `program` without a user or `reprogram`), waiting
   * for each token to leave the reader; `progress` after each token carries the running count and rate.
   */
  bulk(input: BulkInput, onEvent: (e: BulkEvent) => void): BulkJob;
}

const DEFAULT_LIMITS: ProgramLimits = { proofAttempts: 3, codeTimeoutMs: 300_000, buttonTimeoutMs: 60_000, buttonPollMs: 500 };

/** The programming engine the console and `mfa-appliance token program` drive. */
export function createTokenProgrammer(deps: TokenProgrammerDeps): TokenProgrammer {
  const limits: ProgramLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const jobDeps = { ...deps, limits };
  const safe = <E>(listener: (e: E) => void) => (e: E): void => {
    try {
      listener(e);
    } catch (err) {
      deps.logger.warn({ err }, 'a programming event listener threw');
    }
  };

  const start = (input: ProgramInput & { bulk?: boolean }, onEvent: (e: ProgramEvent) => void, id = deps.random.uuid()): ProgramJob => {
    const inbox = new CodeInbox();
    const listener = safe(onEvent);
    const emit = (e: ProgramEventBody): void => listener({ ...e, jobId: id, at: deps.clock.now() } as ProgramEvent);
    const done = (async (): Promise<ProgramResult> => {
      await Promise.resolve();
      const params = { ...deps.policy, ...(input.algorithm ? { algorithm: input.algorithm } : {}) };
      let user = null;
      if (input.upn !== undefined) {
        user = await deps.store.users.getByUpn(input.upn.trim());
        if (!user) {
          const error = toProgramError(new MfaError('ERR_NOT_FOUND', `no user ${JSON.stringify(input.upn)}`, {
            data: { upn: input.upn, hint: 'Check the user name (UPN), or create the user first.' },
          }), { step: 'wait', reader: input.reader, serial: null });
          emit({ type: 'failed', serial: null, step: 'wait', code: error.code, message: error.message, hint: String(error.data.hint) });
          return { ok: false, jobId: id, serial: null, step: 'wait', error };
        }
      }
      return runProgramJob(jobDeps, {
        id, reader: input.reader, user, reprogram: input.reprogram ?? false, params, registerInEntra: input.registerInEntra ?? deps.policy.registerInEntra ?? false,
        actor: input.actor, bulk: input.bulk ?? false, ...(input.signal ? { signal: input.signal } : {}),
      }, inbox, emit);
    })().catch((err: unknown): ProgramResult => {
      const error = toProgramError(err, { step: 'wait', reader: input.reader, serial: null });
      return { ok: false, jobId: id, serial: null, step: 'wait', error };
    });
    return { id, reader: input.reader, submitCode: (code) => inbox.submit(code), done };
  };

  return {
    program: (input, onEvent) => start(input, onEvent),
    bulk(input, onEvent) {
      const id = deps.random.uuid();
      let current: ProgramJob | null = null;
      const listener = safe(onEvent);
      const done = runBulkJob(deps, { id, reader: input.reader, ...(input.count !== undefined ? { count: input.count } : {}), ...(input.signal ? { signal: input.signal } : {}) },
        (_index, onJobEvent) => {
          current = start({ reader: input.reader, actor: input.actor, bulk: true, ...(input.algorithm ? { algorithm: input.algorithm } : {}), ...(input.signal ? { signal: input.signal } : {}) }, onJobEvent);
          return current.done;
        }, listener,
      ).catch((err: unknown): BulkResult => {
        deps.logger.error({ err }, 'bulk programming stopped on a fault');
        return { programmed: 0, failures: [], durationMs: 0, ratePerMinute: 0, stoppedBy: 'reader' };
      });
      return {
        id, reader: input.reader, done,
        submitCode: (code) => (current ? current.submitCode(code) : Promise.resolve({ accepted: false, reason: 'not_waiting', attemptsLeft: 0 })),
      };
    },
  };
}
