// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';

/** The audit `reason` of a failed Graph step: Graph's own error code when it sent one, else our error code. */
export function graphReason(err: unknown): string {
  if (!(err instanceof MfaError)) return 'ERR_INTERNAL';
  return typeof err.data.graphCode === 'string' ? err.data.graphCode : err.code;
}
