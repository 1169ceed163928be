// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';

/** 2^32, splitting a counter into two big-endian 32-bit halves. */
const TWO_POW_32 = 0x1_0000_0000;
/** RFC 4226 §5.2: the counter is 8 bytes, so at most 2^64 − 1. */
const MAX_COUNTER_BIGINT = (1n << 64n) - 1n;

/**
 * Writes an HOTP counter (RFC 4226 §5.2) or TOTP time step (RFC 6238 §4.2) into `target[0..7]`
 * as an unsigned 64-bit big-endian integer. Values beyond 2^32 (time steps after 2038) are exact.
 *
 * A number must be a safe integer ≥ 0; a bigint must lie in `[0, 2^64)`.
 * Anything else throws `ERR_INVALID_INPUT` and leaves `target` unchanged.
 */
export function writeCounter(target: Buffer, counter: number | bigint): void {
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER_BIGINT) throw badCounter(counter);
    target.writeBigUInt64BE(counter, 0);
    return;
  }
  if (!Number.isSafeInteger(counter) || counter < 0) throw badCounter(counter);
  target.writeUInt32BE(Math.floor(counter / TWO_POW_32), 0);
  target.writeUInt32BE(counter >>> 0, 4);
}

function badCounter(counter: number | bigint): MfaError {
  return new MfaError('ERR_INVALID_INPUT', `OTP counter must be an integer in [0, 2^64), got ${String(counter)}`, {
    data: { counter: String(counter) },
  });
}
