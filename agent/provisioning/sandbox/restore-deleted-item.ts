// SPDX-License-Identifier: UNLICENSED
import { checkUserPrincipalName } from './check-user-principal-name.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import { indexUser } from './index-user.js';
import { objectConflict } from './object-conflict.js';
import { resourceNotFound } from './resource-not-found.js';
import { viewUser } from './view-user.js';

const PARAMETERS = ['newUserPrincipalName', 'autoReconcileProxyConflict'];

/**
 * `POST /directory/deletedItems/{id}/restore` → 200 with the user (reference §4.5; optional
 * `newUserPrincipalName`, `autoReconcileProxyConflict` per CSDL). Licences and group memberships come back.
 */
export const restoreDeletedItem: GraphHandler = (ctx, req) => {
  const id = (req.segments[2] ?? '').toLowerCase();
  const user = ctx.data.deleted.get(id);
  if (!user) throw resourceNotFound(id);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  for (const k of Object.keys(body)) {
    if (!PARAMETERS.includes(k)) throw new GraphError(400, 'BadRequest', `The parameter '${k}' in the request payload is not a valid parameter for the operation 'restore'.`);
  }
  const newUpn = body.newUserPrincipalName;
  if (newUpn !== undefined && newUpn !== null) {
    if (typeof newUpn !== 'string') throw new GraphError(400, 'BadRequest', `Cannot convert the literal '${String(newUpn)}' to the expected type 'Edm.String'.`);
    checkUserPrincipalName(ctx.data, newUpn);
    const owner = ctx.data.upnIndex.get(newUpn.toLowerCase());
    if (owner !== undefined && owner !== id) throw objectConflict('userPrincipalName');
    indexUser(ctx.data, user, 'remove');
    user.props.userPrincipalName = newUpn;
    indexUser(ctx.data, user, 'add');
  }
  ctx.data.deleted.delete(id);
  user.deletedDateTime = null;
  for (const l of user.assignedLicenses) {
    const sku = ctx.data.skus.get(l.skuId);
    if (sku) sku.consumed += 1;
  }
  ctx.data.seq += 1;
  user.seq = ctx.data.seq;
  ctx.data.users.set(id, user);
  ctx.countWrite('restore user');
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...viewUser(user, null) } };
};
