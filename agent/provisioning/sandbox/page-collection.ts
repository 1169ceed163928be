// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import type { GraphRequest } from './graph-request.js';
import type { GraphObject } from './tenant-data.js';

/** OData `$top` limits for directory collections. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

/**
 * One page of `items` (sorted by id, rendered by `view` only for the page; keyset paging so inserts and deletes between pages skip nothing
 * that stays) with `@odata.nextLink` carrying the request's own query plus `$skiptoken` when more remain.
 * `$top` outside 1–999 is 400.
 */
export function pageCollection<T extends { id: string }>(items: readonly T[], view: (item: T) => GraphObject, req: GraphRequest, origin: string, context: string): GraphObject {
  const topText = req.query.get('$top');
  const top = topText === null ? DEFAULT_PAGE_SIZE : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${topText ?? ''}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  }
  const skip = req.query.get('$skiptoken');
  let after = '';
  if (skip !== null) {
    after = Buffer.from(skip, 'base64url').toString('utf8');
    if (!/^[0-9a-f-]{1,64}$/.test(after)) throw new GraphError(400, 'Request_BadRequest', 'Invalid paging token.');
  }
  const sorted = items.filter((i) => i.id > after).sort((a, b) => (a.id < b.id ? -1 : 1));
  const page = sorted.slice(0, top);
  const out: GraphObject = { '@odata.context': `${origin}/${req.version}/$metadata#${context}`, value: page.map(view) };
  const last = page[page.length - 1];
  if (sorted.length > top && last) {
    const q = new URLSearchParams(req.query);
    q.set('$skiptoken', Buffer.from(last.id).toString('base64url'));
    out['@odata.nextLink'] = `${origin}/${req.version}/${req.segments.map(encodeURIComponent).join('/')}?${q.toString()}`;
  }
  return out;
}
