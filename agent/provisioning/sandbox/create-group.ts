// SPDX-License-Identifier: UNLICENSED
import { bindMembers } from './bind-members.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import type { GraphObject, GroupRecord } from './tenant-data.js';
import { viewGroup } from './view-group.js';

const REQUIRED = ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'] as const;

/** `POST /groups` → 201. Required: displayName, mailEnabled, mailNickname, securityEnabled; optional `members@odata.bind`. */
export const createGroup: GraphHandler = (ctx, req) => {
  const body = ctx.validator.validate(req.version, 'microsoft.graph.group', req.body, ['members@odata.bind']);
  for (const p of REQUIRED) {
    if (body[p] === undefined || body[p] === null || body[p] === '') throw new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${p}' of resource 'Group'.`);
  }
  const props: GraphObject = { groupTypes: [], description: null };
  for (const [k, v] of Object.entries(body)) if (!k.includes('@') && k !== 'id') props[k] = v;
  props.createdDateTime = new Date(ctx.clock.now()).toISOString();
  const group: GroupRecord = { id: ctx.random.uuid().toLowerCase(), props, members: new Set() };
  if (body['members@odata.bind'] !== undefined) bindMembers(ctx.data, group, body['members@odata.bind']);
  ctx.data.groups.set(group.id, group);
  ctx.countWrite('create group');
  return { status: 201, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#groups/$entity`, ...viewGroup(group) } };
};
