// SPDX-License-Identifier: UNLICENSED
import { findGroup } from './find-group.js';
import type { GraphHandler } from './graph-request.js';
import { matchesFilter } from './matches-filter.js';
import { pageCollection } from './page-collection.js';
import { parseODataFilter } from './parse-odata-filter.js';
import type { GraphObject } from './tenant-data.js';
import { viewGroup } from './view-group.js';
import { viewUser } from './view-user.js';

/**
 * `GET /groups` (`$filter` on id/displayName/mailNickname, paged), `GET /groups/{id}`, and
 * `GET /groups/{id}/members` (active members only: soft-deleted users drop out until restored).
 */
export const readGroups: GraphHandler = (ctx, req) => {
  const id = req.segments[1];
  if (id === undefined) {
    const filterText = req.query.get('$filter');
    const filter = filterText === null ? null : parseODataFilter(filterText, ['id', 'displayName', 'mailNickname']);
    const groups = [...ctx.data.groups.values()].filter((g) => filter === null || matchesFilter(viewGroup(g), filter));
    return { status: 200, headers: {}, body: pageCollection(groups, viewGroup, req, ctx.origin, 'groups') };
  }
  const group = findGroup(ctx.data, id);
  if (req.segments[2] !== 'members') {
    return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#groups/$entity`, ...viewGroup(group) } };
  }
  const select = req.query.get('$select');
  const members = [...group.members].filter((m) => ctx.data.users.has(m) || ctx.data.groups.has(m)).map((id) => ({ id }));
  const view = ({ id }: { id: string }): GraphObject => {
    const user = ctx.data.users.get(id);
    const sub = ctx.data.groups.get(id);
    if (user) return { '@odata.type': '#microsoft.graph.user', ...viewUser(user, select) };
    return { '@odata.type': '#microsoft.graph.group', ...(sub ? viewGroup(sub) : { id }) };
  };
  return { status: 200, headers: {}, body: pageCollection(members, view, req, ctx.origin, 'directoryObjects') };
};
