// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import { MfaError } from '../errors.js';
import { afterCallers } from './after-callers.js';
import type { Store, TokenRecord } from '../store/store.js';
import type { BurnResult } from './burn-seed.js';
import type { CodeInbox } from './code-inbox.js';
import type { EntraOutcome, ProgramEventBody } from './program-event.js';


/**
 * Registers an active token in Entra for its user (wired to `Provisioner.registerToken`): the code is checked here
 * first (spending it under the replay guard), then the hardware OATH device is created, assigned and activated.
 * Rejects `ERR_INVALID_INPUT` (data.reason) for a code that was not accepted.
 */
export type RegisterInEntra = (serial: string, code: string, actor: Actor) => Promise<{ deviceId: string }>;


export interface RegisterProgrammedInput {
  token: TokenRecord;
  burn: BurnResult;
  hook: RegisterInEntra;
  actor: Actor;
  inbox: CodeInbox;
  attempts: number;
  codeTimeoutMs: number;
  signal?: AbortSignal;
  emit: (e: ProgramEventBody) => void;
  /** Told how long the job waited for a person, to keep it out of the timing. */
  onWaited: (ms: number) => void;
  now: () => number;
}

/**
 * The optional last step: a fresh code (the proof's code is spent) for Entra's activation. YKOATH computes it on the
 * device for the step after the proven one (inside the verifier's and Entra's ±1-step windows); a display token
 * asks the person for the next code shown (`enter_code`, purpose `register`). A failure here does not undo the
 * activation: it is reported as `{ registered: false }`.
 */
export async function registerProgrammedToken(store: Store, input: RegisterProgrammedInput): Promise<EntraOutcome> {
  const { token, burn, hook, actor, emit } = input;
  emit({ type: 'registering', serial: token.serial });
  const failed = (err: unknown): EntraOutcome => ({
    registered: false, code: err instanceof MfaError ? err.code : 'ERR_INTERNAL', message: err instanceof Error ? err.message : String(err),
  });
  try {
    if (burn.family === 'ykoath') {
      const row = await store.tokens.getById(token.id);
      const at = ((row?.lastCounter ?? -1) + 1) * token.period * 1000;
      const code = await burn.session.calculate(burn.credential, Math.max(at, input.now()));
      return { registered: true, deviceId: (await hook(token.serial, code.value, actor)).deviceId };
    }
    for (let left = input.attempts; left > 0;) {
      const t0 = input.now();
      const next = input.inbox.next(input.signal, input.codeTimeoutMs);
      emit({ type: 'enter_code', serial: token.serial, digits: token.digits, attemptsLeft: left, purpose: 'register' });
      const entry = await next;
      input.onWaited(input.now() - t0);
      emit({ type: 'verifying', serial: token.serial });
      try {
        const { deviceId } = await hook(token.serial, entry.code, actor);
        entry.reply({ accepted: true });
        return { registered: true, deviceId };
      } catch (err) {
        const reason = err instanceof MfaError && err.code === 'ERR_INVALID_INPUT' ? err.data.reason : undefined;
        if (reason !== 'wrong_code' && reason !== 'replayed') {
          entry.reply({ accepted: true });
          throw err;
        }
        left -= 1;
        entry.reply({ accepted: false, reason, attemptsLeft: left });
        await afterCallers();
        if (left === 0) throw err;
      }
    }
    throw new MfaError('ERR_INVALID_INPUT', 'no code was accepted for Entra');
  } catch (err) {
    return failed(err);
  }
}
