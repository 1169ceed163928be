// SPDX-License-Identifier: UNLICENSED
import { findUser } from './find-user.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import type { GraphObject } from './tenant-data.js';
import { viewUser } from './view-user.js';

/** Reference §4.3 (many issue reports). */
const NO_USAGE_LOCATION = 'License assignment cannot be done for user with invalid usage location.';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bad(message: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', message);
}

/**
 * `POST /users/{id|upn}/assignLicense` `{ addLicenses: [{skuId, disabledPlans}], removeLicenses: [skuId] }`
 * → 200 with the user. Both arrays are required (may be empty). Adding needs a usage location, a subscribed
 * SKU and a free unit (`prepaidUnits.enabled − consumedUnits`); removing needs the licence to be assigned.
 * All-or-nothing.
 */
export const assignLicense: GraphHandler = (ctx, req) => {
  const user = findUser(ctx.data, req.segments[1] ?? '');
  const body = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as GraphObject;
  const missing = ['addLicenses', 'removeLicenses'].filter((p) => body[p] === undefined);
  if (missing.length > 0) {
    throw new GraphError(400, 'BadRequest', `One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: ${missing.join(', ')}.`);
  }
  for (const p of Object.keys(body)) if (p !== 'addLicenses' && p !== 'removeLicenses') throw new GraphError(400, 'BadRequest', `The parameter '${p}' in the request payload is not a valid parameter for the operation 'assignLicense'.`);
  if (!Array.isArray(body.addLicenses) || !Array.isArray(body.removeLicenses)) {
    throw new GraphError(400, 'BadRequest', "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartArray' node was expected.");
  }
  const adds = body.addLicenses.map((a) => ctx.validator.validate(req.version, 'microsoft.graph.assignedLicense', a));
  const removes = body.removeLicenses.map((r) => {
    if (typeof r !== 'string' || !GUID.test(r)) throw new GraphError(400, 'BadRequest', `Cannot convert the literal '${String(r)}' to the expected type 'Edm.Guid'.`);
    return r.toLowerCase();
  });
  if (adds.length > 0 && (typeof user.props.usageLocation !== 'string' || user.props.usageLocation === '')) throw bad(NO_USAGE_LOCATION);
  const assigned = new Map(user.assignedLicenses.map((l) => [l.skuId, l]));
  for (const r of removes) {
    if (!assigned.has(r)) throw bad('User does not have a corresponding license.');
  }
  const newUnits = new Map<string, number>();
  for (const a of adds) {
    const skuId = String(a.skuId ?? '').toLowerCase();
    const sku = ctx.data.skus.get(skuId);
    if (!sku) throw bad(`License ${skuId} does not correspond to a valid company License.`);
    if (!assigned.has(skuId) || removes.includes(skuId)) newUnits.set(skuId, (newUnits.get(skuId) ?? 0) + 1);
  }
  for (const [skuId, n] of newUnits) {
    const sku = ctx.data.skus.get(skuId);
    const freed = removes.includes(skuId) ? 1 : 0;
    if (sku && sku.consumed - freed + n > sku.enabled) throw bad(`Subscription ${skuId} does not have any available licenses.`);
  }
  for (const r of removes) {
    assigned.delete(r);
    const sku = ctx.data.skus.get(r);
    if (sku) sku.consumed -= 1;
  }
  for (const a of adds) {
    const skuId = String(a.skuId).toLowerCase();
    const disabledPlans = Array.isArray(a.disabledPlans) ? a.disabledPlans.map((p) => String(p).toLowerCase()) : [];
    if (!assigned.has(skuId)) {
      const sku = ctx.data.skus.get(skuId);
      if (sku) sku.consumed += 1;
    }
    assigned.set(skuId, { skuId, disabledPlans });
  }
  user.assignedLicenses = [...assigned.values()];
  ctx.data.seq += 1;
  user.seq = ctx.data.seq;
  ctx.countWrite('assignLicense');
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#users/$entity`, ...viewUser(user, null) } };
};
