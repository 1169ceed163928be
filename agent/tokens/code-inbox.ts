// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import { MfaError } from '../errors.js';

/** The answer to one `submitCode`. `accepted: false` is an expected outcome, never an exception. */
export type SubmitCodeResult =
  | { accepted: true }
  | {
    accepted: false;
    /**
     * `wrong_code` / `replayed` / `locked` (the verifier's reasons), `malformed` (not digits of the right length),
     * `not_waiting` (the job is not asking for a code now; nothing was counted).
     */
    reason: 'wrong_code' | 'replayed' | 'locked' | 'malformed' | 'not_waiting';
    /** Tries left before the job fails; 0 once it has. */
    attemptsLeft: number;
  };

interface Waiter {
  resolve: (entry: SubmittedCode) => void;
}

/** One code handed in, and how the job answers it. */
export interface SubmittedCode {
  code: string;
  reply: (result: SubmitCodeResult) => void;
}

/**
 * The meeting point between a job that waits for a code and `submitCode` callers. A code submitted while the
 * job is not waiting (before it asks, or while the previous code is being checked) is answered `not_waiting` at
 * once. `next` rejects with `DriverError('ERR_CANCELED')` on abort and `MfaError('ERR_INVALID_INPUT')` (data.hint,
 * data.ms) when no code comes within `timeoutMs`.
 */
export class CodeInbox {
  #waiter: Waiter | null = null;

  submit(code: string): Promise<SubmitCodeResult> {
    const waiter = this.#waiter;
    if (waiter === null) return Promise.resolve({ accepted: false, reason: 'not_waiting', attemptsLeft: 0 });
    this.#waiter = null;
    return new Promise((reply) => waiter.resolve({ code, reply }));
  }

  next(signal: AbortSignal | undefined, timeoutMs: number): Promise<SubmittedCode> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiter = null;
      };
      const onAbort = (): void => {
        cleanup();
        reject(new DriverError('ERR_CANCELED', 'the job was cancelled while waiting for the code'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new MfaError('ERR_INVALID_INPUT', `no code was entered within ${Math.round(timeoutMs / 1000)} s`, {
          data: { ms: timeoutMs, hint: 'No code was entered in time: program the token again and type the code it shows.' },
        }));
      }, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiter = {
        resolve: (entry) => {
          cleanup();
          resolve(entry);
        },
      };
    });
  }
}
