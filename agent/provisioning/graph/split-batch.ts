// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { BatchRequest } from './graph-client.js';

/** Graph's JSON batch limit (§4.7: "Max 20 requests"). */
export const MAX_BATCH_REQUESTS = 20;

/**
 * Splits `requests` into batches of at most `maxSize`, keeping every `dependsOn` chain (each connected
 * group of requests) whole in one batch and the input order inside each batch. Groups are packed in
 * order of first appearance, first fit.
 * Throws `ERR_INVALID_INPUT` on a duplicate id, a `dependsOn` naming an unknown id, or a group larger
 * than `maxSize`.
 */
export function splitBatch(requests: readonly BatchRequest[], maxSize = MAX_BATCH_REQUESTS): BatchRequest[][] {
  const index = new Map<string, number>();
  requests.forEach((r, i) => {
    if (index.has(r.id)) throw new MfaError('ERR_INVALID_INPUT', `duplicate batch request id ${r.id}`, { data: { id: r.id } });
    index.set(r.id, i);
  });
  const parent = requests.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  requests.forEach((r, i) => {
    for (const dep of r.dependsOn ?? []) {
      const j = index.get(dep);
      if (j === undefined) throw new MfaError('ERR_INVALID_INPUT', `batch request ${r.id} depends on unknown id ${dep}`, { data: { id: r.id, dependsOn: dep } });
      const [a, b] = [find(i), find(j)];
      parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, BatchRequest[]>();
  requests.forEach((r, i) => {
    const root = find(i);
    const group = groups.get(root) ?? [];
    group.push(r);
    groups.set(root, group);
  });
  const batches: BatchRequest[][] = [];
  for (const group of groups.values()) {
    if (group.length > maxSize) {
      throw new MfaError('ERR_INVALID_INPUT', `a dependsOn chain of ${group.length} requests exceeds the batch size ${maxSize}`, { data: { ids: group.map((r) => r.id) } });
    }
    const target = batches.find((b) => b.length + group.length <= maxSize);
    if (target === undefined) batches.push([...group]);
    else target.push(...group);
  }
  return batches.map((b) => b.sort((x, y) => (index.get(x.id) ?? 0) - (index.get(y.id) ?? 0)));
}
