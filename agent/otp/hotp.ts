// SPDX-License-Identifier: UNLICENSED
import { createHmac } from 'node:crypto';
import { MfaError } from '../errors.js';
import { dynamicTruncate } from './dynamic-truncate.js';
import { hmacName, OTP_ALGORITHMS, type OtpAlgorithm, type OtpDigits } from './otp-params.js';
import { writeCounter } from './write-counter.js';

/**
 * RFC 4226 HOTP: `Truncate(HMAC-<algorithm>(key, counter))` as a `digits`-long decimal string with
 * leading zeros. The counter is encoded as 8 bytes big-endian (see `writeCounter`), so a TOTP time step
 * (RFC 6238: `hotp(key, totpStep(now, period), …)`) works beyond 2^32, i.e. after 2038.
 *
 * Throws `ERR_INVALID_INPUT` for a counter outside `[0, 2^64)` (or an unsafe number), an unknown algorithm
 * or a digit count other than 6 or 8.
 */
export function hotp(key: Buffer, counter: number | bigint, digits: OtpDigits, algorithm: OtpAlgorithm): string {
  if (!OTP_ALGORITHMS.includes(algorithm)) {
    throw new MfaError('ERR_INVALID_INPUT', `unknown OTP algorithm ${String(algorithm)}`, { data: { algorithm } });
  }
  const message = Buffer.alloc(8);
  writeCounter(message, counter);
  const mac = createHmac(hmacName(algorithm), key).update(message).digest();
  return String(dynamicTruncate(mac, digits)).padStart(digits, '0');
}
