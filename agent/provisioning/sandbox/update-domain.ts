// SPDX-License-Identifier: UNLICENSED
import { findDomain } from './find-domain.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

const WRITABLE = ['authenticationType', 'isDefault'];

/**
 * `PATCH /domains/{name}` → 204. Reference §3.4: `authenticationType: "Managed"` defederates (the
 * federation configuration stays until deleted); `Federated` is reached only by creating a federation
 * configuration. A domain left stuck by a failed federation POST (#20203) refuses every change.
 */
export const updateDomain: GraphHandler = (ctx, req) => {
  const domain = findDomain(ctx.data, req.segments[1] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.domain', req.body);
  for (const k of Object.keys(body)) {
    if (!WRITABLE.includes(k) && k !== '@odata.type') throw new GraphError(400, 'Request_BadRequest', `Property '${k}' is read-only and cannot be set.`);
  }
  if (domain.stuck) {
    throw new GraphError(400, 'Request_BadRequest', `Domain '${domain.id}' is in an inconsistent federation state and cannot be updated.`);
  }
  if (body.authenticationType !== undefined) {
    const t = String(body.authenticationType).toLowerCase();
    if (t !== 'managed' && t !== 'federated') throw new GraphError(400, 'Request_BadRequest', "Invalid value specified for property 'authenticationType' of resource 'Domain'.");
    if (t === 'federated' && domain.authenticationType !== 'Federated') {
      throw new GraphError(400, 'Request_BadRequest', `Domain '${domain.id}' can be federated only by creating its federationConfiguration.`);
    }
    if (t === 'managed' && domain.isInitial) throw new GraphError(400, 'Request_BadRequest', 'The initial domain cannot be changed.');
    domain.authenticationType = t === 'managed' ? 'Managed' : 'Federated';
  }
  if (body.isDefault === true) {
    if (!domain.isVerified) throw new GraphError(400, 'Request_BadRequest', 'An unverified domain cannot be the default domain.');
    for (const d of ctx.data.domains.values()) d.isDefault = d === domain;
  }
  ctx.countWrite('update domain');
  return { status: 204, headers: {} };
};
