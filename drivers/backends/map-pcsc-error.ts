// SPDX-License-Identifier: UNLICENSED
import { DriverError, type DriverErrorCode } from '../core/errors.js';

/**
 * PC/SC result codes (pcsc-lite `PCSC/pcsclite.h`) that decide how a failed native call is reported.
 * @pokusew/pcsclite renders them into its error messages as `SCardTransmit error: <text>(0x80100069)`.
 */
export const SCARD = {
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_UNKNOWN_READER: 0x80100009,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  /** pcscd closed the client socket (it stopped or crashed). */
  F_COMM_ERROR: 0x80100013,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  E_COMM_DATA_LOST: 0x8010002f,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

const CODE_BY_RESULT = new Map<number, DriverErrorCode>([
  [SCARD.E_NO_SERVICE, 'ERR_PCSCD_UNAVAILABLE'],
  [SCARD.E_SERVICE_STOPPED, 'ERR_PCSCD_UNAVAILABLE'],
  [SCARD.F_COMM_ERROR, 'ERR_PCSCD_UNAVAILABLE'],
  [SCARD.E_UNKNOWN_READER, 'ERR_READER_GONE'],
  [SCARD.E_READER_UNAVAILABLE, 'ERR_READER_GONE'],
  [SCARD.E_NO_READERS_AVAILABLE, 'ERR_READER_GONE'],
  [SCARD.E_SHARING_VIOLATION, 'ERR_READER_BUSY'],
  [SCARD.E_TIMEOUT, 'ERR_TIMEOUT'],
  [SCARD.E_CANCELLED, 'ERR_CANCELED'],
  [SCARD.E_NO_SMARTCARD, 'ERR_CARD_REMOVED'],
  [SCARD.E_INVALID_HANDLE, 'ERR_CARD_REMOVED'],
  [SCARD.E_NOT_TRANSACTED, 'ERR_CARD_REMOVED'],
  [SCARD.E_COMM_DATA_LOST, 'ERR_CARD_REMOVED'],
  [SCARD.W_UNRESPONSIVE_CARD, 'ERR_CARD_REMOVED'],
  [SCARD.W_UNPOWERED_CARD, 'ERR_CARD_REMOVED'],
  [SCARD.W_RESET_CARD, 'ERR_CARD_REMOVED'],
  [SCARD.W_REMOVED_CARD, 'ERR_CARD_REMOVED'],
]);

/** The PC/SC result code inside an error from nfc-pcsc or @pokusew/pcsclite, or null. */
export function pcscResultOf(err: unknown): number | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth += 1) {
    const m = /\(0x([0-9a-f]{8})\)/i.exec(e.message);
    if (m?.[1]) return Number.parseInt(m[1], 16);
    e = (e as { previous?: unknown }).previous ?? e.cause;
  }
  return null;
}

/**
 * Turns a native PC/SC failure into a `DriverError`: card gone → `ERR_CARD_REMOVED`, reader gone →
 * `ERR_READER_GONE`, pcscd gone → `ERR_PCSCD_UNAVAILABLE`, exclusive use elsewhere → `ERR_READER_BUSY`;
 * anything else is `fallback`. `data` gets `reader` and the hex `pcsc` result code; the original is the `cause`.
 */
export function mapPcscError(err: unknown, reader: string, fallback: DriverErrorCode = 'ERR_PROTOCOL'): DriverError {
  if (err instanceof DriverError) return err;
  const result = pcscResultOf(err);
  const code = (result === null ? undefined : CODE_BY_RESULT.get(result)) ?? fallback;
  const detail = err instanceof Error ? err.message : String(err);
  const data: Record<string, unknown> = { reader };
  if (result !== null) data.pcsc = `0x${result.toString(16).padStart(8, '0')}`;
  return new DriverError(code, `${reader}: ${detail}`, { data, cause: err });
}
