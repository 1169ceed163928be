// SPDX-License-Identifier: UNLICENSED
import { bindMembers } from './bind-members.js';
import { findGroup } from './find-group.js';
import type { GraphHandler } from './graph-request.js';

/**
 * `PATCH /groups/{id}` → 204: properties and/or `members@odata.bind` (≤ 20, all or nothing; reference §4.4).
 * Nothing changes when any part fails.
 */
export const updateGroup: GraphHandler = (ctx, req) => {
  const group = findGroup(ctx.data, req.segments[1] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.group', req.body, ['members@odata.bind']);
  if (body['members@odata.bind'] !== undefined) {
    const n = bindMembers(ctx.data, group, body['members@odata.bind']);
    for (let i = 0; i < n; i += 1) ctx.countWrite('add member');
  }
  for (const [k, v] of Object.entries(body)) if (!k.includes('@') && k !== 'id') group.props[k] = v;
  ctx.countWrite('update group');
  return { status: 204, headers: {} };
};
