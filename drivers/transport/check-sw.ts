// SPDX-License-Identifier: UNLICENSED
import { ApduError, formatSw } from '../core/errors.js';
import { SW } from '../core/sw.js';
import type { ApduResponse } from './smartcard-connection.js';

/**
 * The reply data when the status word is one of `accepted` (default: 9000 only); otherwise throws
 * `ApduError` carrying the SW. `what` names the command in the error message.
 */
export function checkSw(response: ApduResponse, what: string, accepted: readonly number[] = [SW.OK]): Buffer {
  if (!accepted.includes(response.sw)) {
    throw new ApduError(response.sw, `${what}: the card answered ${formatSw(response.sw)}`);
  }
  return response.data;
}
