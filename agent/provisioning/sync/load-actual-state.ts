// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { GraphLinkRecord } from '../../store/store.js';
import type { GraphClient } from '../graph/graph-client.js';
import { odataEquals } from '../graph/odata-equals.js';
import { USER_SELECT, type GraphUser } from '../graph/user-operations.js';
import type { ActualState } from './actual-state.js';
import { appliedHash } from './applied-hash.js';
import { batchGet } from './batch-get.js';
import type { DesiredState } from './desired-state.js';

/** Delta statuses meaning "this deltaLink is no longer valid: start a new round" (token expired or reset). */
const DELTA_RESET_STATUSES = new Set([400, 404, 410]);

type DeltaItem = GraphUser & { '@removed'?: { reason: string } };

/**
 * Reads what the plan needs from Entra, and no more (reference §4.1, §4.5, §4.6):
 * 1. one `/users/delta` round from `deltaLink` (a new round when null or no longer valid);
 * 2. `GET /users/{id}` for linked users whose desired hash differs from the applied one (or who are
 *    leaving under `disable`) and whom the round did not report;
 * 3. for users without a live link, after an incremental round: lookup by immutable id, then by UPN;
 * 4. `/directory/deletedItems` when a user is still unmatched; the members of every managed Entra group.
 * Graph faults propagate; a managed Entra group that does not exist is `ERR_NOT_FOUND`.
 */
export async function loadActualState(graph: GraphClient, desired: DesiredState, links: ReadonlyMap<string, GraphLinkRecord>, deltaLink: string | null): Promise<ActualState> {
  const round = await readDelta(graph, deltaLink);
  const actual: ActualState = {
    complete: round.complete, deltaLink: round.deltaLink, users: new Map(), changed: new Set(), gone: new Set(),
    byImmutableId: new Map(), byUpn: new Map(), deleted: [], groupMembers: new Map(),
  };
  const add = (u: GraphUser): void => {
    const id = u.id.toLowerCase();
    actual.users.set(id, u);
    actual.gone.delete(id);
    if (typeof u.onPremisesImmutableId === 'string') actual.byImmutableId.set(u.onPremisesImmutableId, id);
    actual.byUpn.set(u.userPrincipalName.toLowerCase(), id);
  };
  for (const item of round.items) {
    const id = item.id.toLowerCase();
    actual.changed.add(id);
    if (item['@removed'] !== undefined) actual.gone.add(id);
    else add(item);
  }
  const live = (l: GraphLinkRecord | undefined): l is GraphLinkRecord => l !== undefined && l.state !== 'deleted';
  if (actual.complete) {
    for (const l of links.values()) if (live(l) && !actual.users.has(l.entraId)) actual.gone.add(l.entraId);
  } else {
    const fetch = new Set<string>();
    for (const l of links.values()) {
      if (!live(l) || actual.changed.has(l.entraId)) continue;
      const d = desired.users.get(l.userId);
      if (d !== undefined ? appliedHash(d) !== l.appliedHash : l.state !== 'disabled') fetch.add(l.entraId);
    }
    const ids = [...fetch];
    const found = await batchGet<GraphUser>(graph, ids.map((id) => `/users/${encodeURIComponent(id)}?$select=${USER_SELECT}`));
    found.forEach((u, i) => (u === null ? actual.gone.add(ids[i] ?? '') : add(u)));
  }
  const unmatched = (): Array<{ immutableId: string; upn: string }> => [...desired.users.values()].filter((d) => {
    const l = links.get(d.userId);
    if (live(l) && !actual.gone.has(l.entraId)) return false;
    return !actual.byImmutableId.has(d.immutableId) && !actual.byUpn.has(d.upn.toLowerCase());
  });
  if (!actual.complete) {
    const byImmutable = unmatched();
    const hits = await batchGet<{ value?: GraphUser[] }>(graph, byImmutable.map((d) => `/users?$filter=${odataEquals('onPremisesImmutableId', d.immutableId)}&$select=${USER_SELECT}`));
    for (const h of hits) for (const u of h?.value ?? []) add(u);
    const byUpn = unmatched();
    for (const u of await batchGet<GraphUser>(graph, byUpn.map((d) => `/users/${encodeURIComponent(d.upn)}?$select=${USER_SELECT}`))) if (u !== null) add(u);
  }
  if (unmatched().length > 0) actual.deleted = await graph.listDeletedUsers();
  for (const groupId of desired.managedGroupIds) actual.groupMembers.set(groupId, await groupMembers(graph, groupId));
  return actual;
}

async function readDelta(graph: GraphClient, deltaLink: string | null): Promise<{ items: DeltaItem[]; deltaLink: string; complete: boolean }> {
  const initial = `/users/delta?$select=${USER_SELECT}`;
  if (deltaLink !== null) {
    try {
      return { ...(await graph.delta<DeltaItem>(deltaLink)), complete: false };
    } catch (err) {
      if (!(err instanceof MfaError && err.code === 'ERR_GRAPH' && DELTA_RESET_STATUSES.has(Number(err.data.status)))) throw err;
    }
  }
  return { ...(await graph.delta<DeltaItem>(initial)), complete: true };
}

async function groupMembers(graph: GraphClient, groupId: string): Promise<Set<string>> {
  try {
    const members = await graph.listAll<{ id: string }>(`/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`);
    return new Set(members.map((m) => m.id.toLowerCase()));
  } catch (err) {
    if (err instanceof MfaError && err.code === 'ERR_GRAPH' && err.data.status === 404) {
      throw new MfaError('ERR_NOT_FOUND', `graph.sync.groups: the Entra group ${groupId} (entraGroupId) does not exist in the tenant`, { data: { path: 'graph.sync.groups', entraGroupId: groupId } });
    }
    throw err;
  }
}
