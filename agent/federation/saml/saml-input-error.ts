// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';

/** A value handed to a SAML builder that cannot go into a token: `ERR_INVALID_INPUT`, `data: { detail }`. */
export function samlInputError(detail: string, cause?: unknown): MfaError {
  return new MfaError('ERR_INVALID_INPUT', `cannot issue the SAML message: ${detail}`, { data: { detail }, cause });
}
