// SPDX-License-Identifier: UNLICENSED
import { checkUserProperties } from './check-user-properties.js';
import { findUser } from './find-user.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import { indexUser } from './index-user.js';
import type { GraphObject } from './tenant-data.js';

const READ_ONLY = ['id', 'createdDateTime', 'assignedLicenses', 'deletedDateTime'];

/** `PATCH /v1.0/users/{id|upn}` → 204. Same property rules as create; read-only properties are 400. */
export const updateUser: GraphHandler = (ctx, req) => {
  const user = findUser(ctx.data, req.segments[1] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.user', req.body);
  for (const p of READ_ONLY) {
    if (p in body) throw new GraphError(400, 'Request_BadRequest', `Property '${p}' is read-only and cannot be set.`);
  }
  for (const p of ['displayName', 'userPrincipalName', 'mailNickname', 'accountEnabled']) {
    if (p in body && (body[p] === null || body[p] === '')) {
      throw new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${p}' of resource 'User'.`);
    }
  }
  checkUserProperties(ctx.data, body, user);
  const profile = body.passwordProfile as GraphObject | undefined;
  indexUser(ctx.data, user, 'remove');
  for (const [k, v] of Object.entries(body)) if (k !== 'passwordProfile' && k !== '@odata.type') user.props[k] = v;
  if (typeof profile?.password === 'string') user.password = profile.password;
  indexUser(ctx.data, user, 'add');
  ctx.data.seq += 1;
  user.seq = ctx.data.seq;
  ctx.countWrite('update user');
  return { status: 204, headers: {} };
};
