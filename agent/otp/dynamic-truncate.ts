// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import type { OtpDigits } from './otp-params.js';

/** RFC 4226 §5.3: the low 4 bits of the last MAC byte select the offset of the 4-byte window. */
const OFFSET_MASK = 0x0f;
/** RFC 4226 §5.3: the top bit of the 31-bit value is masked off (sign-safe on every platform). */
const SNUM_MASK = 0x7fffffff;
/** 10^Digit for the digit counts we support (RFC 4226 §5.3 "mod 10^Digit"). */
const MODULUS_6 = 1_000_000;
const MODULUS_8 = 100_000_000;

/**
 * RFC 4226 §5.3 dynamic truncation of an HMAC result (20, 32 or 64 bytes).
 *
 * Layout: `offset = mac[last] & 0x0f`; `Snum = mac[offset..offset+3]` read big-endian `& 0x7fffffff`;
 * returns `Snum mod 10^digits` as an integer in `[0, 10^digits)` (the caller pads it with leading zeros).
 * Throws `ERR_INVALID_INPUT` for a digit count other than 6 or 8.
 */
export function dynamicTruncate(mac: Buffer, digits: OtpDigits): number {
  const modulus = digits === 6 ? MODULUS_6 : digits === 8 ? MODULUS_8 : 0;
  if (modulus === 0) throw new MfaError('ERR_INVALID_INPUT', `OTP digits must be 6 or 8, got ${String(digits)}`, { data: { digits } });
  const offset = mac.readUInt8(mac.length - 1) & OFFSET_MASK;
  return (mac.readUInt32BE(offset) & SNUM_MASK) % modulus;
}
