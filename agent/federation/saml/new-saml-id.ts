// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../ports/random.js';
import { ID_RANDOM_BYTES } from './saml-limits.js';

/** An ID we issue: `_` then 128 random bits as 32 lower-case hex digits (an NCName; saml-core §1.3.4). */
export function newSamlId(random: Random): string {
  return `_${random.bytes(ID_RANDOM_BYTES).toString('hex')}`;
}
