// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../core/errors.js';
import type { Token2ConfigFields } from './token2-apdus.js';

const MAX_U32 = 0xffffffff;
const DISPLAY_TIMEOUTS: readonly number[] = [15, 30, 60, 120];

/**
 * Checks config fields before any APDU is built: SHA1/SHA256 (else ERR_NOT_SUPPORTED), period 30/60, display
 * timeout 15/30/60/120 s, time a u32 of Unix seconds (else ERR_INVALID_ARGUMENT). Returns just those fields.
 */
export function validateToken2Config(c: Token2ConfigFields): Token2ConfigFields {
  if (c.algorithm !== 'SHA1' && c.algorithm !== 'SHA256') throw new DriverError('ERR_NOT_SUPPORTED', `algorithm ${String(c.algorithm)} is not supported by Token2 tokens`);
  if (c.period !== 30 && c.period !== 60) throw new DriverError('ERR_INVALID_ARGUMENT', `period must be 30 or 60, got ${String(c.period)}`);
  if (!DISPLAY_TIMEOUTS.includes(c.displayTimeout)) throw new DriverError('ERR_INVALID_ARGUMENT', 'displayTimeout must be 15, 30, 60 or 120 s');
  if (!Number.isInteger(c.time) || c.time < 0 || c.time > MAX_U32) throw new DriverError('ERR_INVALID_ARGUMENT', `time must be Unix seconds (u32), got ${c.time}`);
  return { algorithm: c.algorithm, period: c.period, displayTimeout: c.displayTimeout, time: c.time };
}
