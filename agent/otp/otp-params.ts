// SPDX-License-Identifier: UNLICENSED
/** OATH parameters shared by the algorithms, the verifier, import/export and the token store. */

export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

export type OtpDigits = 6 | 8;
export const OTP_DIGITS: readonly OtpDigits[] = [6, 8];

/** TOTP time step in seconds. */
export type OtpPeriod = 30 | 60;
export const OTP_PERIODS: readonly OtpPeriod[] = [30, 60];

/** Counter-based (RFC 4226) or time-based (RFC 6238). */
export type OtpType = 'hotp' | 'totp';

/** `SHA256` → `sha256`, the node:crypto digest name. */
export function hmacName(algorithm: OtpAlgorithm): 'sha1' | 'sha256' | 'sha512' {
  return algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';
}
