// SPDX-License-Identifier: UNLICENSED
import { findGroup } from './find-group.js';
import type { GraphHandler } from './graph-request.js';
import { resourceNotFound } from './resource-not-found.js';

/** `DELETE /groups/{id}/members/{memberId}/$ref` → 204; 404 when not a member. */
export const removeGroupMember: GraphHandler = (ctx, req) => {
  const group = findGroup(ctx.data, req.segments[1] ?? '');
  const memberId = (req.segments[3] ?? '').toLowerCase();
  if (!group.members.delete(memberId)) throw resourceNotFound(memberId);
  ctx.countWrite('remove member');
  return { status: 204, headers: {} };
};
