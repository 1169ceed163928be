// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import type { DeviceManager } from '../../drivers/device-manager.js';
import { identifyCard } from '../../drivers/identify-card.js';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import type { VerifyWindow } from '../otp/match-token-code.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store, UserRecord } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { activateToken } from './activate-token.js';
import { afterCallers } from './after-callers.js';
import { burnSeed, type BurnResult } from './burn-seed.js';
import { checkEnteredCode } from './check-entered-code.js';
import type { CodeInbox } from './code-inbox.js';
import { checkFamilyParams, describeDetectedToken, type DescribedToken } from './describe-detected-token.js';
import { prepareTokenRow, type PreparedTokenRow } from './prepare-token-row.js';
import type { EntraOutcome, ProgramEventBody, ProgramStep, TokenFamily } from './program-event.js';
import type { ProgrammingPolicy } from './programming-policy.js';
import { proveByCalculate } from './prove-by-calculate.js';
import { registerProgrammedToken, type RegisterInEntra } from './register-programmed-token.js';
import { toProgramError } from './to-program-error.js';

/** Bounds of the human parts of a job. */
export interface ProgramLimits {
  /** Codes a person may get wrong before the job fails (malformed entries do not count). */
  proofAttempts: number;
  /** How long to wait for each code. */
  codeTimeoutMs: number;
  /** How long a Molto2 key change waits for ▲. */
  buttonTimeoutMs: number;
  /** Poll interval while waiting for ▲. */
  buttonPollMs: number;
}

export interface ProgramJobDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  logger: Logger;
  devices: Pick<DeviceManager, 'runExclusive'>;
  verifier: OtpVerifier;
  window: VerifyWindow;
  /** Issuer of YKOATH credentials (`otp.issuer`). */
  issuer: string;
  registerInEntra?: RegisterInEntra;
  limits: ProgramLimits;
}

export interface ProgramJobInput {
  id: string;
  reader: string;
  /** The user to assign the token to; null for stock. */
  user: UserRecord | null;
  reprogram: boolean;
  params: ProgrammingPolicy;
  registerInEntra: boolean;
  signal?: AbortSignal;
  actor: Actor;
  /** Recorded in the audit record (bulk mode). */
  bulk: boolean;
}

/** How a job ended. `done` never rejects; a failure carries the `MfaError` (with `data.hint` and `data.step`). */
export type ProgramResult =
  | {
    ok: true; jobId: string; tokenId: string; serial: string; kind: TokenFamily; model: string;
    state: 'programmed' | 'active'; userUpn: string | null; proof: 'calculate' | 'entered_code';
    /** Tap to done, excluding the time spent waiting for a person to type a code. */
    durationMs: number;
    entra?: EntraOutcome;
  }
  | { ok: false; jobId: string; serial: string | null; step: ProgramStep; error: MfaError };

type Success = Extract<ProgramResult, { ok: true }>;

/**
 * One program-and-assign job on one reader, holding the reader for its whole length (`runExclusive`): wait for a
 * tap, detect, prepare the row (`needs_reprogramming`, pending seed), burn, prove, activate, [register in Entra].
 * Every event goes to `emit`; success and failure (once a card was detected) are audited as `token.programmed`.
 */
export async function runProgramJob(deps: ProgramJobDeps, input: ProgramJobInput, inbox: CodeInbox, emit: (e: ProgramEventBody) => void): Promise<ProgramResult> {
  const { clock } = deps;
  const { reader } = input;
  let step: ProgramStep = 'wait';
  let found: DescribedToken | null = null;
  let tokenId: string | null = null;
  let tapAt = 0;
  let waited = 0;
  const checkAbort = (): void => {
    if (input.signal?.aborted) throw new DriverError('ERR_CANCELED', 'the programming job was cancelled');
  };
  try {
    emit({ type: 'waiting', reader });
    const outcome = await deps.devices.runExclusive(reader, async ({ connection, atr }) => {
      tapAt = clock.now();
      step = 'detect';
      const token = describeDetectedToken(await identifyCard(connection, { atr }));
      found = token;
      emit({ type: 'detected', reader, kind: token.family, model: token.model, serial: token.serial, firmware: token.firmware });
      checkFamilyParams(token.family, input.params);
      checkAbort();
      step = 'prepare';
      const prepared = await prepareTokenRow(deps, { token, params: input.params, reprogram: input.reprogram, reader, actor: input.actor });
      tokenId = prepared.token.id;
      try {
        checkAbort();
        step = 'write';
        emit({ type: 'writing', serial: token.serial });
        const burn = await burnSeed(deps, {
          family: token.family, connection, tokenId, seed: prepared.seed, params: input.params, issuer: deps.issuer,
          account: input.user?.upn ?? token.serial,
          molto2: {
            buttonTimeoutMs: deps.limits.buttonTimeoutMs, pollIntervalMs: deps.limits.buttonPollMs, ...(input.signal ? { signal: input.signal } : {}),
            onButton: () => emit({ type: 'press_button', serial: token.serial, message: 'Press ▲ on the token to confirm its new key' }),
          },
        });
        checkAbort();
        step = 'prove';
        const proof = await prove(deps, input, inbox, emit, prepared, burn, (ms) => { waited += ms; });
        step = 'activate';
        const state = await activateToken(deps, prepared.token, prepared.pendingSeedSecretId, input.user, input.actor);
        let entra: EntraOutcome | undefined;
        if (input.registerInEntra && input.user && deps.registerInEntra) {
          step = 'register';
          entra = await registerProgrammedToken(deps.store, {
            token: prepared.token, burn, hook: deps.registerInEntra, actor: input.actor, inbox, attempts: deps.limits.proofAttempts,
            codeTimeoutMs: deps.limits.codeTimeoutMs, emit, onWaited: (ms) => { waited += ms; }, now: () => clock.now(),
            ...(input.signal ? { signal: input.signal } : {}),
          });
        }
        return { tokenId: prepared.token.id, state, proof, entra };
      } finally {
        prepared.seed.fill(0);
      }
    }, { waitForCard: input.signal ? { signal: input.signal } : {} });
    const t = found as DescribedToken | null;
    if (t === null) throw new MfaError('ERR_INTERNAL', 'the job ended without a token');
    const result: Success = {
      ok: true, jobId: input.id, tokenId: outcome.tokenId, serial: t.serial, kind: t.family, model: t.model, state: outcome.state,
      userUpn: input.user?.upn ?? null, proof: outcome.proof, durationMs: Math.max(0, clock.now() - tapAt - waited),
      ...(outcome.entra ? { entra: outcome.entra } : {}),
    };
    await audit(deps, input, t, result.tokenId, 'success', {
      proof: result.proof, durationMs: result.durationMs, ...(input.user ? { userId: input.user.id } : {}),
    });
    emit({ type: 'done', serial: t.serial, state: result.state, userUpn: result.userUpn, durationMs: result.durationMs, ...(result.entra ? { entra: result.entra } : {}) });
    return result;
  } catch (err) {
    const t = found as DescribedToken | null;
    const error = toProgramError(err, { step, reader, serial: t?.serial ?? null });
    if (step !== 'wait') {
      await audit(deps, input, t, tokenId, 'failure', { step, reason: String(error.data.driverCode ?? error.code) })
        .catch((e: unknown) => deps.logger.error({ err: e }, 'could not audit a failed programming job'));
    }
    emit({ type: 'failed', serial: t?.serial ?? null, step, code: error.code, message: error.message, hint: String(error.data.hint) });
    return { ok: false, jobId: input.id, serial: t?.serial ?? null, step, error };
  }
}

/** YKOATH reads its code back; a display token waits for codes from `submitCode` until one passes. */
async function prove(
  deps: ProgramJobDeps, input: ProgramJobInput, inbox: CodeInbox, emit: (e: ProgramEventBody) => void,
  prepared: PreparedTokenRow, burn: BurnResult, onWaited: (ms: number) => void,
): Promise<'calculate' | 'entered_code'> {
  const { token } = prepared;
  if (burn.family === 'ykoath') {
    emit({ type: 'verifying', serial: token.serial });
    await proveByCalculate(deps, token, prepared.seed, burn);
    return 'calculate';
  }
  for (let left = deps.limits.proofAttempts; ;) {
    const t0 = deps.clock.now();
    const next = inbox.next(input.signal, deps.limits.codeTimeoutMs);
    emit({ type: 'enter_code', serial: token.serial, digits: token.digits, attemptsLeft: left, purpose: 'prove' });
    const entry = await next;
    onWaited(deps.clock.now() - t0);
    emit({ type: 'verifying', serial: token.serial });
    const verdict = await checkEnteredCode(deps, {
      token, seed: prepared.seed, pendingSeedSecretId: prepared.pendingSeedSecretId, userId: input.user?.id ?? null, code: entry.code, actor: input.actor,
    });
    if (verdict === 'ok') {
      entry.reply({ accepted: true });
      return 'entered_code';
    }
    if (verdict === 'locked') left = 0;
    else if (verdict !== 'malformed') left -= 1;
    entry.reply({ accepted: false, reason: verdict, attemptsLeft: left });
    await afterCallers();
    if (left <= 0) {
      throw new MfaError('ERR_INVALID_INPUT', verdict === 'locked'
        ? `the user's codes are locked: token ${token.serial} could not be proven`
        : `the codes entered for token ${token.serial} did not match (${deps.limits.proofAttempts} tries)`, {
        data: {
          reason: verdict,
          hint: verdict === 'locked'
            ? 'The user is locked out of codes: unlock the user, then program the token again.'
            : 'Type the code the token shows now (press its button for a fresh one); program it again to retry.',
        },
      });
    }
  }
}

async function audit(
  deps: ProgramJobDeps, input: ProgramJobInput, t: DescribedToken | null, tokenId: string | null,
  outcome: 'success' | 'failure', details: Record<string, unknown>,
): Promise<void> {
  await deps.audit.record({
    event: 'token.programmed', actor: input.actor.id, source: input.actor.source, subject: t?.serial ?? null, outcome,
    details: {
      reader: input.reader, ...(tokenId ? { tokenId } : {}), ...(t ? { kind: t.family, model: t.model } : {}),
      ...(input.bulk ? { bulk: true } : {}), ...details,
    },
  });
}
