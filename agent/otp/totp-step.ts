// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import type { OtpPeriod } from './otp-params.js';

/**
 * RFC 6238 §4.2 time step: `T = floor((unixTime − T0) / X)` with T0 = 0 and X = `period` seconds.
 * `unixMs` is milliseconds since the Unix epoch (a `Clock.now()` value); the step changes exactly at
 * multiples of `period` seconds. Times after 2038 (beyond 2^31 s) are exact; so is every time below 2^53 ms.
 *
 * Throws `ERR_INVALID_INPUT` for a negative or non-finite time, or a period other than 30 or 60.
 */
export function totpStep(unixMs: number, period: OtpPeriod): number {
  if (period !== 30 && period !== 60) {
    throw new MfaError('ERR_INVALID_INPUT', `TOTP period must be 30 or 60 seconds, got ${String(period)}`, { data: { period } });
  }
  if (!Number.isFinite(unixMs) || unixMs < 0) {
    throw new MfaError('ERR_INVALID_INPUT', `time must be a non-negative number of milliseconds, got ${String(unixMs)}`, { data: { unixMs } });
  }
  return Math.floor(unixMs / (period * 1000));
}
