// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import { MfaError } from '../errors.js';
import type { ProgramStep } from './program-event.js';

/** Where a failure happened, added to the error's data. */
export interface ProgramErrorContext {
  step: ProgramStep;
  reader: string;
  serial: string | null;
}

const HINTS: Record<string, string> = {
  ERR_CARD_REMOVED: 'Hold the token on the reader until it says done, then program it again.',
  ERR_READER_GONE: 'The reader was unplugged or is unknown: plug it in, pick it again and retry.',
  ERR_PCSCD_UNAVAILABLE: 'The smart-card service (pcscd) is not running: start it (systemctl start pcscd) and retry.',
  ERR_READER_BUSY: 'Another job is using this reader: wait until it finishes, or use another reader.',
  ERR_UNKNOWN_CARD: 'Unknown model: this is not a YubiKey (OATH), Token2 or Molto2 token. Nothing was written.',
  ERR_UNKNOWN_MODEL: 'Unknown model: this Token2 serial prefix is not in the model table, so it was not written. Use a supported model.',
  ERR_AUTH_FAILED: 'Wrong key: this token\'s key is not the factory key (or the one sealed here); it was set elsewhere. Program it where it was set up, or factory-reset it.',
  ERR_AUTH_BLOCKED: 'The token is locked after too many wrong keys and cannot be programmed: set it aside.',
  ERR_AUTH_REQUIRED: 'This YubiKey\'s OATH application has a password: remove it (ykman oath access change --clear-password) and retry.',
  ERR_TIMEOUT: 'The token did not confirm in time: for a Molto2, press ▲ when asked; then program it again.',
  ERR_CANCELED: 'Programming was cancelled; the token was not activated. Program it again when ready.',
  ERR_APDU: 'The token refused a command: program it again; if this repeats, the token is faulty.',
  ERR_NOT_SUPPORTED: 'The token cannot take these settings (hash or period): change the programming policy or use another model.',
};
const DEFAULT_HINT = 'Program the token again; if this repeats, set the token aside and report it.';

/** The hint for a driver error code (the fallback for unknown ones). */
export function hintFor(driverCode: string): string {
  return HINTS[driverCode] ?? DEFAULT_HINT;
}

/**
 * Turns whatever a job step threw into the `MfaError` the caller sees, with `data.hint` (what to do next), `data.step`,
 * `data.reader`, `data.serial` and, for driver faults, `data.driverCode` (plus `sw` / `attemptsRemaining`):
 * `ERR_READER_BUSY` → `ERR_READER_BUSY`; every other `DriverError` (removed card, wrong key, unknown model, APDU
 * refused, timeout, cancel) → `ERR_DEVICE`. An `MfaError` keeps its code and gains a default hint; anything else
 * becomes `ERR_INTERNAL`.
 */
export function toProgramError(err: unknown, ctx: ProgramErrorContext): MfaError {
  const where = { step: ctx.step, reader: ctx.reader, serial: ctx.serial };
  if (err instanceof MfaError) {
    return new MfaError(err.code, err.message, { cause: err.cause ?? err, data: { hint: DEFAULT_HINT, ...err.data, ...where } });
  }
  if (err instanceof DriverError) {
    const code = err.code === 'ERR_READER_BUSY' ? 'ERR_READER_BUSY' : 'ERR_DEVICE';
    const extra: Record<string, unknown> = {};
    if (typeof err.data.sw === 'number') extra.sw = err.data.sw;
    if (err.data.attemptsRemaining !== undefined) extra.attemptsRemaining = err.data.attemptsRemaining;
    const serial = ctx.serial ?? (typeof err.data.serial === 'string' ? err.data.serial : null);
    return new MfaError(code, err.message, { cause: err, data: { hint: hintFor(err.code), driverCode: err.code, ...extra, ...where, serial } });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MfaError('ERR_INTERNAL', message, { cause: err, data: { hint: DEFAULT_HINT, ...where } });
}
