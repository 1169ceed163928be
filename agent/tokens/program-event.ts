// SPDX-License-Identifier: UNLICENSED
import type { TokenState } from '../store/store.js';

/** The token families a programming job can burn (`identifyCard`'s kinds). */
export type TokenFamily = 'ykoath' | 'token2' | 'molto2';

/** Where a job stands; `failed` events and audit records name the step that failed. */
export type ProgramStep = 'wait' | 'detect' | 'prepare' | 'write' | 'prove' | 'activate' | 'register';

/** What a job reports about Entra registration (only when the caller asked for it). */
export type EntraOutcome = { registered: true; deviceId: string } | { registered: false; code: string; message: string };

/**
 * Progress of one programming job, in order: `waiting`, `detected`, [`press_button`], `writing`, then either
 * `verifying` (YKOATH reads its code back) or `enter_code` → `verifying` (repeated while codes are wrong), then
 * [`registering`, maybe another `enter_code`], and finally exactly one of `done` or `failed`. `at` is the clock's
 * Unix ms. No event carries a seed, a key or a code.
 */
export type ProgramEvent =
  | { type: 'waiting'; jobId: string; at: number; reader: string }
  | { type: 'detected'; jobId: string; at: number; reader: string; kind: TokenFamily; model: string; serial: string; firmware: string | null }
  /** Molto2: the new customer key is committed only when ▲ is pressed on the token. */
  | { type: 'press_button'; jobId: string; at: number; serial: string; message: string }
  | { type: 'writing'; jobId: string; at: number; serial: string }
  /** A display token waits for `submitCode`: `purpose` `prove` (the burn) or `register` (a fresh code for Entra). */
  | { type: 'enter_code'; jobId: string; at: number; serial: string; digits: number; attemptsLeft: number; purpose: 'prove' | 'register' }
  | { type: 'verifying'; jobId: string; at: number; serial: string }
  | { type: 'registering'; jobId: string; at: number; serial: string }
  | {
    type: 'done'; jobId: string; at: number; serial: string; state: Extract<TokenState, 'programmed' | 'active'>;
    userUpn: string | null;
    /** Tap to done, excluding the time spent waiting for a person to type a code. */
    durationMs: number;
    entra?: EntraOutcome;
  }
  | {
    type: 'failed'; jobId: string; at: number; serial: string | null; step: ProgramStep;
    /** `MfaError` code: `ERR_DEVICE`, `ERR_READER_BUSY`, `ERR_TOKEN_STATE`, `ERR_NOT_FOUND`, `ERR_INVALID_INPUT`. */
    code: string;
    message: string;
    /** What the person at the reader should do next, in one sentence. */
    hint: string;
  };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a step reports it, before the job stamps it with its id and time. */
export type ProgramEventBody = DistributiveOmit<ProgramEvent, 'jobId' | 'at'>;
