// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { SubscribedSku } from '../graph/user-operations.js';

/**
 * Maps SKU part numbers (`ENTERPRISEPACK`, compared case-insensitively) to the tenant's SKU ids (lower
 * case) from `subscribedSkus` (reference §4.3). Every part number must be subscribed: otherwise
 * `ERR_INVALID_INPUT` naming each unknown one and listing the tenant's, with data `{ path, unknown, available }`.
 */
export function resolveSkuIds(partNumbers: Iterable<string>, subscribed: readonly SubscribedSku[]): Map<string, string> {
  const byPart = new Map(subscribed.map((s) => [s.skuPartNumber.toUpperCase(), s.skuId.toLowerCase()]));
  const out = new Map<string, string>();
  const unknown: string[] = [];
  for (const part of partNumbers) {
    const id = byPart.get(part.toUpperCase());
    if (id === undefined) unknown.push(part);
    else out.set(part, id);
  }
  if (unknown.length > 0) {
    const available = subscribed.map((s) => s.skuPartNumber).sort();
    throw new MfaError('ERR_INVALID_INPUT',
      `graph.sync.groups names licence ${unknown.map((u) => `"${u}"`).join(', ')}, which the tenant does not subscribe to; its SKU part numbers are: ${available.join(', ') || '(none)'}`,
      { data: { path: 'graph.sync.groups', unknown, available } });
  }
  return out;
}
