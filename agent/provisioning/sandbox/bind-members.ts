// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import { resourceNotFound } from './resource-not-found.js';
import type { GroupRecord, TenantData } from './tenant-data.js';

/** Reference §4.4: at most 20 references per `members@odata.bind` request. */
const MAX_BIND = 20;
const REF = /\/(?:directoryObjects|users|groups)\/([0-9a-f-]{36})$/i;

/** Graph's answer when a reference is already there. */
const ALREADY_MEMBER = "One or more added object references already exist for the following modified properties: 'members'.";

/**
 * Adds the objects referenced by `refs` (`https://graph.microsoft.com/v1.0/directoryObjects/{id}` or
 * any host with that path) to `group`, all or nothing: more than 20, a malformed reference, an unknown
 * object or an existing member fails the whole request. Returns the number added.
 */
export function bindMembers(data: TenantData, group: GroupRecord, refs: unknown): number {
  if (!Array.isArray(refs)) throw new GraphError(400, 'BadRequest', "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartArray' node was expected.");
  if (refs.length > MAX_BIND) throw new GraphError(400, 'Request_BadRequest', `The request exceeded the maximum of ${MAX_BIND} members that can be added in a single request.`);
  const ids: string[] = [];
  for (const ref of refs) {
    const m = typeof ref === 'string' ? REF.exec(ref) : null;
    if (!m?.[1]) throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${String(ref)}'.`);
    const id = m[1].toLowerCase();
    if (!data.users.has(id) && !data.groups.has(id)) throw resourceNotFound(id);
    if (group.members.has(id) || ids.includes(id)) throw new GraphError(400, 'Request_BadRequest', ALREADY_MEMBER);
    ids.push(id);
  }
  for (const id of ids) group.members.add(id);
  return ids.length;
}
