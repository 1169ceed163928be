// SPDX-License-Identifier: UNLICENSED
import type { GraphHandler } from './graph-request.js';
import { indexUser } from './index-user.js';
import { resourceNotFound } from './resource-not-found.js';

/**
 * `DELETE /directory/deletedItems/{id}` → 204: permanent deletion (reference §4.5). The UPN and immutable
 * ID become free; group memberships go; delta reports `@removed: {reason: "deleted"}`.
 */
export const purgeDeletedItem: GraphHandler = (ctx, req) => {
  const id = (req.segments[2] ?? '').toLowerCase();
  const user = ctx.data.deleted.get(id);
  if (!user) throw resourceNotFound(id);
  ctx.data.deleted.delete(id);
  indexUser(ctx.data, user, 'remove');
  for (const g of ctx.data.groups.values()) g.members.delete(id);
  for (const d of ctx.data.oathDevices.values()) {
    if (d.assignedTo === id) {
      d.assignedTo = null;
      d.props.status = 'available';
    }
  }
  ctx.data.seq += 1;
  ctx.data.purged.push({ id, seq: ctx.data.seq });
  ctx.countWrite('purge user');
  return { status: 204, headers: {} };
};
