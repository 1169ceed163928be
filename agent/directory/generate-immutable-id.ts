// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../ports/random.js';

/**
 * A new Entra `onPremisesImmutableId`: base64 of 16 random bytes (24 characters), the same shape AD
 * Connect derives from objectGUID. It contains neither `$` nor `_` (forbidden by Graph) and is ≤ 64
 * characters (the SAML NameID limit). Callers must percent-encode it in `$filter` (`+`, `/`, `=`).
 */
export function generateImmutableId(random: Random): string {
  return random.bytes(16).toString('base64');
}
