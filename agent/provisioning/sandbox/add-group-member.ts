// SPDX-License-Identifier: UNLICENSED
import { bindMembers } from './bind-members.js';
import { findGroup } from './find-group.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

/** `POST /groups/{id}/members/$ref` `{ "@odata.id": ".../directoryObjects/{uid}" }` → 204 (reference §4.4). */
export const addGroupMember: GraphHandler = (ctx, req) => {
  const group = findGroup(ctx.data, req.segments[1] ?? '');
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || typeof body['@odata.id'] !== 'string') {
    throw new GraphError(400, 'BadRequest', "The request body must contain an '@odata.id' reference.");
  }
  const extra = Object.keys(body).find((k) => k !== '@odata.id');
  if (extra !== undefined) throw new GraphError(400, 'BadRequest', `The property '${extra}' does not exist on type 'microsoft.graph.directoryObject'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
  bindMembers(ctx.data, group, [body['@odata.id']]);
  ctx.countWrite('add member');
  return { status: 204, headers: {} };
};
