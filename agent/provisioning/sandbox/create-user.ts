// SPDX-License-Identifier: UNLICENSED
import { checkUserProperties } from './check-user-properties.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import { indexUser } from './index-user.js';
import type { GraphObject, UserRecord } from './tenant-data.js';
import { viewUser } from './view-user.js';

/** Reference §4.1: properties required by `POST /users`. */
const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'] as const;
/** Server-assigned; ignored in a create body. */
const READ_ONLY = ['id', 'createdDateTime', 'assignedLicenses', 'deletedDateTime'];

/** Entra's password rule for cloud passwords: 8–256 characters, three of lower, upper, digit, symbol. */
function isComplexPassword(p: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  return p.length >= 8 && p.length <= 256 && classes >= 3;
}

/** `POST /v1.0/users` → 201 with the default user view. Rules: reference §4.1, §4.2 (see checkUserProperties). */
export const createUser: GraphHandler = (ctx, req) => {
  const body = ctx.validator.validate(req.version, 'microsoft.graph.user', req.body);
  for (const p of REQUIRED) {
    if (body[p] === undefined || body[p] === null || body[p] === '') {
      throw new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${p}' of resource 'User'.`);
    }
  }
  const profile = body.passwordProfile as GraphObject;
  if (typeof profile.password !== 'string' || profile.password === '') {
    throw new GraphError(400, 'Request_BadRequest', 'A password must be specified to create a new user.');
  }
  if (!isComplexPassword(profile.password)) {
    throw new GraphError(400, 'Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  checkUserProperties(ctx.data, body, null);
  const props: GraphObject = { businessPhones: [] };
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k) && k !== 'passwordProfile' && k !== '@odata.type') props[k] = v;
  props.createdDateTime = new Date(ctx.clock.now()).toISOString();
  ctx.data.seq += 1;
  const user: UserRecord = {
    id: ctx.random.uuid().toLowerCase(), props, password: profile.password, assignedLicenses: [], seq: ctx.data.seq, deletedDateTime: null,
  };
  ctx.data.users.set(user.id, user);
  indexUser(ctx.data, user, 'add');
  ctx.countWrite('create user');
  return {
    status: 201,
    headers: { location: `${ctx.origin}/${req.version}/directoryObjects/${user.id}/Microsoft.DirectoryServices.User` },
    body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#users/$entity`, ...viewUser(user, null) },
  };
};
