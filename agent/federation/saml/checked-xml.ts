// SPDX-License-Identifier: UNLICENSED
import { samlInputError } from './saml-input-error.js';

/**
 * Runs an XML builder, turning the RangeError `canonical-xml` throws for a character XML 1.0 cannot
 * represent (a NUL, a lone surrogate, U+FFFE) into `ERR_INVALID_INPUT`.
 */
export function checkedXml(build: () => string): string {
  try {
    return build();
  } catch (err) {
    if (err instanceof RangeError) throw samlInputError('a value contains a character that XML cannot carry', err);
    throw err;
  }
}
