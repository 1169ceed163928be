// SPDX-License-Identifier: UNLICENSED
/**
 * The error catalogue of `drivers/`. Every device or transport fault is a `DriverError` with a stable
 * string `code` and the device data a caller needs (`sw`, `attemptsRemaining`, `reader`, …).
 * Protocol sessions throw these; the agent maps them to what helpdesk staff see.
 */

export const DRIVER_ERROR_CODES = [
  /** The card answered with a status word the command does not accept. data.sw */
  'ERR_APDU',
  /** The card left the field (or was reset) before the command completed. */
  'ERR_CARD_REMOVED',
  /** The reader disappeared (unplugged) while in use. data.reader */
  'ERR_READER_GONE',
  /** The PC/SC service is not reachable. The message says how to start it. */
  'ERR_PCSCD_UNAVAILABLE',
  /** Another job holds the reader, or the card is in exclusive use elsewhere. data.reader */
  'ERR_READER_BUSY',
  /** No supported application answered on the card. data.atr */
  'ERR_UNKNOWN_CARD',
  /** A Token2 serial prefix we do not know; we refuse to guess its protocol. data.serial */
  'ERR_UNKNOWN_MODEL',
  /** Wrong key, password or PIN. data.attemptsRemaining when the device reports it. */
  'ERR_AUTH_FAILED',
  /** The device needs authentication (a password-protected applet) and none was given. */
  'ERR_AUTH_REQUIRED',
  /** The device is locked after too many wrong keys. */
  'ERR_AUTH_BLOCKED',
  /** A reply shorter than its framing or TLVs promise. */
  'ERR_TRUNCATED_RESPONSE',
  /** A reply that is well-formed but not what the protocol allows here. */
  'ERR_PROTOCOL',
  /** The operation was cancelled (connection closed, job aborted). */
  'ERR_CANCELED',
  /** The device or reader did not answer in time. data.ms */
  'ERR_TIMEOUT',
  /** The device cannot do what was asked (e.g. SHA-512 on an old applet). */
  'ERR_NOT_SUPPORTED',
  /** A destructive operation was asked for without its explicit confirmation. */
  'ERR_CONFIRMATION_REQUIRED',
  /** An argument is out of range (seed length, digits, name length). */
  'ERR_INVALID_ARGUMENT',
] as const;

export type DriverErrorCode = (typeof DRIVER_ERROR_CODES)[number];

export interface DriverErrorOptions extends ErrorOptions {
  /** Device data for the caller: `sw`, `attemptsRemaining`, `reader`, `serial`, … */
  data?: Record<string, unknown>;
}

export class DriverError extends Error {
  readonly code: DriverErrorCode;
  readonly data: Record<string, unknown>;

  constructor(code: DriverErrorCode, message: string, options: DriverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.data = options.data ?? {};
  }
}

/** A status word the command did not accept. `sw` is the 16-bit SW1SW2. */
export class ApduError extends DriverError {
  static readonly code = 'ERR_APDU';
  readonly sw: number;
  constructor(sw: number, message?: string, options: DriverErrorOptions = {}) {
    super('ERR_APDU', message ?? `the card answered ${formatSw(sw)}`, { ...options, data: { ...options.data, sw } });
    this.sw = sw;
  }
}

/** Wrong key or password; `attemptsRemaining` is null when the device does not say. */
export class AuthFailedError extends DriverError {
  static readonly code = 'ERR_AUTH_FAILED';
  readonly attemptsRemaining: number | null;
  constructor(message: string, attemptsRemaining: number | null, options: DriverErrorOptions = {}) {
    super('ERR_AUTH_FAILED', message, { ...options, data: { ...options.data, attemptsRemaining } });
    this.attemptsRemaining = attemptsRemaining;
  }
}

/** `0x6a80` → `6A80`. */
export function formatSw(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
