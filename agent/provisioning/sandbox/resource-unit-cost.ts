// SPDX-License-Identifier: UNLICENSED
import type { GraphRequest } from './graph-request.js';

/**
 * Reference §4.8 resource-unit costs: GET users 2, GET groups/{id}/members 3, transitiveMembers 5,
 * subscribedSkus 3, any other GET 1; writes 1. `$select` −1, `$expand` +1, `$top` < 20 −1; minimum 1.
 */
export function resourceUnitCost(req: GraphRequest): number {
  if (req.method !== 'GET') return 1;
  const [first, , third] = req.segments;
  let cost = 1;
  if (first === 'users' && req.segments.length <= 2) cost = 2;
  else if (first === 'groups' && third === 'members') cost = 3;
  else if (first === 'groups' && third === 'transitiveMembers') cost = 5;
  else if (first === 'subscribedSkus') cost = 3;
  if (req.query.has('$select')) cost -= 1;
  if (req.query.has('$expand')) cost += 1;
  const top = Number(req.query.get('$top'));
  if (req.query.has('$top') && top < 20) cost -= 1;
  return Math.max(1, cost);
}
