// SPDX-License-Identifier: UNLICENSED
import { findUser } from './find-user.js';
import type { GraphHandler } from './graph-request.js';
import { matchesFilter } from './matches-filter.js';
import { pageCollection } from './page-collection.js';
import { parseODataFilter } from './parse-odata-filter.js';
import type { UserRecord } from './tenant-data.js';
import { viewUser } from './view-user.js';

const FILTERABLE = ['id', 'userPrincipalName', 'onPremisesImmutableId', 'mail', 'displayName', 'mailNickname', 'accountEnabled', 'usageLocation'];

/**
 * `GET /v1.0/users/{id|upn}` (with `$select`) and `GET /v1.0/users` (`$filter` eq/in, `$select`, `$top`,
 * `@odata.nextLink`). Soft-deleted users are not listed.
 */
export const readUsers: GraphHandler = (ctx, req) => {
  const select = req.query.get('$select');
  const key = req.segments[1];
  if (key !== undefined) {
    const user = findUser(ctx.data, key);
    return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#users/$entity`, ...viewUser(user, select) } };
  }
  const filterText = req.query.get('$filter');
  let candidates: UserRecord[] = [...ctx.data.users.values()];
  if (filterText !== null) {
    const filter = parseODataFilter(filterText, FILTERABLE);
    const only = filter.clauses.length === 1 ? filter.clauses[0] : undefined;
    if (only?.property === 'userPrincipalName' || only?.property === 'onPremisesImmutableId' || only?.property === 'id') {
      const index = only.property === 'userPrincipalName' ? ctx.data.upnIndex : only.property === 'onPremisesImmutableId' ? ctx.data.immutableIdIndex : null;
      candidates = only.values
        .map((v) => String(v))
        .map((v) => (index ? index.get(only.property === 'userPrincipalName' ? v.toLowerCase() : v) : v.toLowerCase()))
        .map((id) => (id === undefined ? undefined : ctx.data.users.get(id)))
        .filter((u): u is UserRecord => u !== undefined);
    }
    candidates = candidates.filter((u) => matchesFilter({ ...u.props, id: u.id }, filter));
  }
  return { status: 200, headers: {}, body: pageCollection(candidates, (u) => viewUser(u, select), req, ctx.origin, 'users') };
};
