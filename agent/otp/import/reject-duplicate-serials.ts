// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { ImportedToken } from './imported-token.js';

/** `ERR_IMPORT_FORMAT` when two records of one file carry the same non-empty serial; names both records. */
export function rejectDuplicateSerials(tokens: readonly ImportedToken[]): void {
  const seen = new Map<string, ImportedToken>();
  for (const token of tokens) {
    if (token.serial === '') continue;
    const first = seen.get(token.serial);
    if (first !== undefined) {
      throw new MfaError('ERR_IMPORT_FORMAT', `serial "${token.serial}" appears twice (${where(first)} and ${where(token)})`, {
        data: { serial: token.serial },
      });
    }
    seen.set(token.serial, token);
  }
}

function where(token: ImportedToken): string {
  return token.source.kind === 'pskc' ? `key package ${token.source.keyPackage}` : `line ${token.source.line}`;
}
