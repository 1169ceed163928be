// SPDX-License-Identifier: UNLICENSED
import type { GraphClient } from '../graph/graph-client.js';

/**
 * GETs `paths` through JSON batches and returns each body in input order, or null for a 404. Any other
 * failure is thrown (the first one), so a plan never rests on a read that did not happen.
 */
export async function batchGet<T>(graph: GraphClient, paths: readonly string[]): Promise<Array<T | null>> {
  if (paths.length === 0) return [];
  const results = await graph.batch(paths.map((path, i) => ({ id: String(i + 1), method: 'GET' as const, path })));
  return results.map((r) => {
    if (r.status === 404) return null;
    if (r.error !== null) throw r.error;
    return r.body as T;
  });
}
