// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { ImportedToken } from '../import/imported-token.js';

/** What the export formatters read from a token (an `ImportedToken` or a record unsealed from the store). */
export type ExportableToken = Pick<
  ImportedToken,
  'serial' | 'manufacturer' | 'model' | 'type' | 'algorithm' | 'digits' | 'period' | 'secret' | 'upn'
>;

/**
 * Collects every token that breaks a rule and throws one `ERR_INVALID_INPUT` listing the serials per
 * rule (`data.refused`: `{ reason, serials }[]`). Nothing is formatted unless every token passes.
 */
export function refuseUnexportable<T extends ExportableToken>(
  target: string,
  tokens: readonly T[],
  rules: readonly { reason: string; breaks: (token: T) => boolean }[],
): void {
  const refused = rules
    .map(({ reason, breaks }) => ({ reason, serials: tokens.filter(breaks).map((t) => t.serial || '(no serial)') }))
    .filter((r) => r.serials.length > 0);
  if (refused.length === 0) return;
  const lines = refused.map((r) => `${r.reason}: ${r.serials.join(', ')}`);
  throw new MfaError('ERR_INVALID_INPUT', `cannot export to ${target}: ${lines.join('; ')}`, { data: { refused } });
}
