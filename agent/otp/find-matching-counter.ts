// SPDX-License-Identifier: UNLICENSED
import { createHmac } from 'node:crypto';
import { MfaError } from '../errors.js';
import { dynamicTruncate } from './dynamic-truncate.js';
import { hmacName, OTP_ALGORITHMS, type OtpAlgorithm, type OtpDigits } from './otp-params.js';
import { writeCounter } from './write-counter.js';

/** Codes are compared as ASCII digits. */
const ASCII_ZERO = 0x30;
const ASCII_NINE = 0x39;

/** One window search; every field is required so the caller states the window it means. */
export interface CounterSearch {
  /** The shared secret (raw bytes, not base32). */
  key: Buffer;
  /** The submitted code: exactly `digits` ASCII digits. The caller trims spaces; anything else never matches. */
  code: string;
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  /** The HOTP counter or TOTP time step the search is centred on (safe integer ≥ 0). */
  center: number;
  /** How many counters below `center` to try (integer ≥ 0). */
  behind: number;
  /** How many counters above `center` to try (integer ≥ 0). */
  ahead: number;
}

/** The counter (or time step) whose code matched, and its distance from `center` (negative = behind). */
export interface CounterMatch {
  counter: number;
  offset: number;
}

/**
 * The hot path of verification: finds the counter in `[center − behind, center + ahead]` whose HOTP
 * value equals `code`, trying the nearest first (`center`, −1, +1, −2, +2, …), so drift and the
 * usual case cost the fewest HMACs. Counters below 0 or above 2^53 − 1 are not tried.
 *
 * Contract:
 * - returns the first match, or null; it never records anything (replay and lockout are the caller's);
 * - a code of the wrong length or with a non-digit returns null without computing an HMAC;
 * - a well-formed wrong code always costs one HMAC per counter in the window, and each comparison is
 *   constant-time over the digits, so the time taken depends only on the window and on where a match
 *   was found, never on how close a wrong code came;
 * - allocates one 8-byte buffer per call, whatever the window;
 * - throws `ERR_INVALID_INPUT` for an unknown algorithm, digits other than 6 or 8, an unsafe or negative
 *   `center`, or a negative or non-integer `behind`/`ahead`.
 */
export function findMatchingCounter(search: CounterSearch): CounterMatch | null {
  const { key, code, algorithm, digits, center, behind, ahead } = search;
  if (!OTP_ALGORITHMS.includes(algorithm)) {
    throw new MfaError('ERR_INVALID_INPUT', `unknown OTP algorithm ${String(algorithm)}`, { data: { algorithm } });
  }
  if (digits !== 6 && digits !== 8) {
    throw new MfaError('ERR_INVALID_INPUT', `OTP digits must be 6 or 8, got ${String(digits)}`, { data: { digits } });
  }
  if (!Number.isSafeInteger(center) || center < 0) throw badWindow('center', center);
  if (!Number.isSafeInteger(behind) || behind < 0) throw badWindow('behind', behind);
  if (!Number.isSafeInteger(ahead) || ahead < 0) throw badWindow('ahead', ahead);
  if (code.length !== digits) return null;
  for (let i = 0; i < digits; i++) {
    const c = code.charCodeAt(i);
    if (c < ASCII_ZERO || c > ASCII_NINE) return null;
  }

  const message = Buffer.allocUnsafe(8);
  const hash = hmacName(algorithm);
  const reach = Math.max(behind, ahead);
  for (let distance = 0; distance <= reach; distance++) {
    const below = center - distance;
    if (distance <= behind && below >= 0 && codeMatches(key, hash, digits, code, message, below)) {
      return { counter: below, offset: below - center };
    }
    const above = center + distance;
    if (distance > 0 && distance <= ahead && above <= Number.MAX_SAFE_INTEGER && codeMatches(key, hash, digits, code, message, above)) {
      return { counter: above, offset: distance };
    }
  }
  return null;
}

/**
 * Whether `code` (already checked to be `digits` ASCII digits) is the HOTP value of `counter`.
 * The comparison ORs the XOR of every digit pair into one accumulator: no branch or early exit
 * depends on the digits, so a near miss takes as long as a far one. (`crypto.timingSafeEqual` would
 * need two Buffers per call; allocating them costs 7–15 % of an HMAC-SHA1, see bench/otp-engine.ts.)
 * `message` is scratch space for the 8-byte counter.
 */
function codeMatches(key: Buffer, hash: string, digits: OtpDigits, code: string, message: Buffer, counter: number): boolean {
  writeCounter(message, counter);
  let value = dynamicTruncate(createHmac(hash, key).update(message).digest(), digits);
  let difference = 0;
  for (let i = digits - 1; i >= 0; i--) {
    difference |= (ASCII_ZERO + (value % 10)) ^ code.charCodeAt(i);
    value = Math.floor(value / 10);
  }
  return difference === 0;
}

function badWindow(name: string, value: number): MfaError {
  return new MfaError('ERR_INVALID_INPUT', `OTP window ${name} must be a safe integer ≥ 0, got ${String(value)}`, {
    data: { [name]: value },
  });
}
