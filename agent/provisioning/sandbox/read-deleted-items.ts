// SPDX-License-Identifier: UNLICENSED
import type { GraphHandler } from './graph-request.js';
import { matchesFilter } from './matches-filter.js';
import { pageCollection } from './page-collection.js';
import { parseODataFilter } from './parse-odata-filter.js';
import { resourceNotFound } from './resource-not-found.js';
import { viewUser } from './view-user.js';

const FILTERABLE = ['id', 'userPrincipalName', 'onPremisesImmutableId', 'displayName', 'mail'];

/**
 * `GET /directory/deletedItems/microsoft.graph.user` (the type cast is required; `$filter`, `$select`,
 * paging) and `GET /directory/deletedItems/{id}` (reference §4.5). Soft-deleted users keep their UPN and
 * immutable ID here.
 */
export const readDeletedItems: GraphHandler = (ctx, req) => {
  const select = req.query.get('$select');
  const key = req.segments[2] ?? '';
  if (key !== 'microsoft.graph.user') {
    const user = ctx.data.deleted.get(key.toLowerCase());
    if (!user) throw resourceNotFound(key);
    return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...viewUser(user, select), deletedDateTime: user.deletedDateTime } };
  }
  const filterText = req.query.get('$filter');
  const filter = filterText === null ? null : parseODataFilter(filterText, FILTERABLE);
  const users = [...ctx.data.deleted.values()].filter((u) => filter === null || matchesFilter({ ...u.props, id: u.id }, filter));
  const view = (u: (typeof users)[number]) => ({ ...viewUser(u, select), deletedDateTime: u.deletedDateTime });
  return { status: 200, headers: {}, body: pageCollection(users, view, req, ctx.origin, 'directoryObjects/microsoft.graph.user') };
};
