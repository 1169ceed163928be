// SPDX-License-Identifier: UNLICENSED
/**
 * What every seed-file parser (PSKC, Entra CSV, OATH CSV) returns: one neutral record per token,
 * consumed by the transactional import service, which seals `secret` in the vault at once.
 * Parsers are all-or-nothing: one bad record fails the whole file and nothing is returned.
 */
import type { OtpAlgorithm, OtpDigits, OtpPeriod, OtpType } from '../otp-params.js';

/** RFC 4226 §4 R6: the shared secret MUST be at least 128 bits. */
export const MIN_SECRET_BYTES = 16;

/** Upper bound on an accepted secret (a SHA-512 block); anything longer is a malformed file. */
export const MAX_SECRET_BYTES = 128;

export interface ImportedToken {
  /** Where the record came from: the 1-based KeyPackage index (PSKC) or the 1-based line number (CSV). */
  source: { kind: 'pskc'; keyPackage: number } | { kind: 'csv'; line: number };
  /** Device serial number as printed on the token; '' when the file has none. */
  serial: string;
  /** '' when the file has none. */
  manufacturer: string;
  /** '' when the file has none. */
  model: string;
  type: OtpType;
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  /** TOTP time step; undefined for HOTP. */
  period?: OtpPeriod;
  /** HOTP moving factor (the next counter value to use), a safe integer ≥ 0; undefined for TOTP. */
  counter?: number;
  /** TOTP clock drift in whole time steps (PSKC TimeDrift); 0 when absent or for HOTP. */
  timeDrift: number;
  /** The raw OATH key. Seal it immediately; never log it or put it into an error message. */
  secret: Buffer;
  /** PSKC `<Issuer>`, if present. */
  issuer?: string;
  /** User principal name: the Entra CSV `upn` column, an OATH CSV `upn` column, or PSKC `<UserId>`. */
  upn?: string;
  /** PSKC `Key@Id`, if present. */
  keyId?: string;
}
