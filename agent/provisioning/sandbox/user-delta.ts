// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import type { GraphObject } from './tenant-data.js';
import { viewUser } from './view-user.js';

/** State carried in `$skiptoken` / `$deltatoken` (opaque to clients). */
interface DeltaState {
  /** Changes after this sequence number… */
  since: number;
  /** …up to and including this one (fixed for one round of pages). */
  upTo: number;
  /** Keyset position within the round. */
  after: string;
  select: string | null;
}

const DEFAULT_PAGE_SIZE = 100;

function decodeState(token: string): DeltaState {
  try {
    const s = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    if (typeof s.since === 'number' && typeof s.upTo === 'number' && typeof s.after === 'string') return s;
  } catch {
    // fall through
  }
  throw new GraphError(400, 'BadRequest', 'The delta token or skip token is not valid.');
}

function encodeState(s: DeltaState): string {
  return Buffer.from(JSON.stringify(s)).toString('base64url');
}

/**
 * `GET /users/delta` (reference §4.6). The first call (query parameters such as `$select` only here)
 * returns every active user; pages follow `@odata.nextLink` (`$skiptoken`), the last page carries
 * `@odata.deltaLink` (`$deltatoken`). Calling the deltaLink returns only users changed since, soft-deleted
 * ones as `{ id, "@removed": { reason: "changed" } }` and purged ones with `reason: "deleted"`.
 * `$deltatoken=latest` returns no data and a deltaLink from now. Page size: `Prefer: odata.maxpagesize=N`.
 */
export const userDelta: GraphHandler = (ctx, req) => {
  const skip = req.query.get('$skiptoken');
  const delta = req.query.get('$deltatoken');
  let state: DeltaState;
  if (skip !== null) state = decodeState(skip);
  else if (delta === 'latest') state = { since: ctx.data.seq, upTo: ctx.data.seq, after: '', select: req.query.get('$select') };
  else if (delta !== null) state = { ...decodeState(delta), upTo: ctx.data.seq, after: '' };
  else state = { since: 0, upTo: ctx.data.seq, after: '', select: req.query.get('$select') };

  const prefer = /odata\.maxpagesize=(\d+)/.exec(req.headers.prefer ?? '');
  const pageSize = Math.max(1, Math.min(999, Number(prefer?.[1] ?? ctx.options.deltaPageSize ?? DEFAULT_PAGE_SIZE)));
  const inRound = (seq: number): boolean => seq > state.since && seq <= state.upTo;
  const items: { id: string; view: () => GraphObject }[] = [];
  for (const u of ctx.data.users.values()) {
    if (inRound(u.seq)) items.push({ id: u.id, view: () => viewUser(u, state.select) });
  }
  if (state.since > 0 && delta !== 'latest') {
    const purged = new Set<string>();
    for (const p of ctx.data.purged) {
      if (inRound(p.seq)) {
        purged.add(p.id);
        items.push({ id: p.id, view: () => ({ id: p.id, '@removed': { reason: 'deleted' } }) });
      }
    }
    for (const u of ctx.data.deleted.values()) {
      if (inRound(u.seq) && !purged.has(u.id)) items.push({ id: u.id, view: () => ({ id: u.id, '@removed': { reason: 'changed' } }) });
    }
  }
  const remaining = delta === 'latest' ? [] : items.filter((i) => i.id > state.after).sort((a, b) => (a.id < b.id ? -1 : 1));
  const page = remaining.slice(0, pageSize);
  const body: GraphObject = { '@odata.context': `${ctx.origin}/${req.version}/$metadata#users(${state.select ?? ''})`, value: page.map((i) => i.view()) };
  const base = `${ctx.origin}/${req.version}/users/delta`;
  const last = page[page.length - 1];
  if (remaining.length > pageSize && last) {
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeState({ ...state, after: last.id })}`;
  } else {
    body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeState({ since: state.upTo, upTo: state.upTo, after: '', select: state.select })}`;
  }
  return { status: 200, headers: {}, body };
};
