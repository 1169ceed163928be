// SPDX-License-Identifier: UNLICENSED
import { findUser } from './find-user.js';
import type { GraphHandler } from './graph-request.js';

/**
 * `DELETE /v1.0/users/{id|upn}` → 204. Soft delete (reference §4.5): the user moves to deletedItems and
 * keeps its UPN and immutable ID (so they still conflict); its licences' units are released.
 */
export const deleteUser: GraphHandler = (ctx, req) => {
  const user = findUser(ctx.data, req.segments[1] ?? '');
  ctx.data.users.delete(user.id);
  for (const l of user.assignedLicenses) {
    const sku = ctx.data.skus.get(l.skuId);
    if (sku) sku.consumed -= 1;
  }
  user.deletedDateTime = new Date(ctx.clock.now()).toISOString();
  ctx.data.seq += 1;
  user.seq = ctx.data.seq;
  ctx.data.deleted.set(user.id, user);
  ctx.countWrite('delete user');
  return { status: 204, headers: {} };
};
