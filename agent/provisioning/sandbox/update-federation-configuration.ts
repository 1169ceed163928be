// SPDX-License-Identifier: UNLICENSED
import { checkFederationConfiguration } from './check-federation-configuration.js';
import { findFederationConfiguration } from './find-federation-configuration.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import { viewFederationConfiguration } from './view-federation-configuration.js';

/**
 * `PATCH /domains/{name}/federationConfiguration/{id}` → 200 with the updated object (reference §3.1).
 * Used for rollover (`nextSigningCertificate`, then `signingCertificate`, §3.5). A bad certificate is
 * 400 and changes nothing.
 */
export const updateFederationConfiguration: GraphHandler = (ctx, req) => {
  const { record } = findFederationConfiguration(ctx.data, req);
  const body = ctx.validator.validate(req.version, 'microsoft.graph.internalDomainFederation', req.body);
  const change = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '@odata.type'));
  const merged = { ...record.props, ...change };
  if (checkFederationConfiguration(ctx.data, change, merged, record.id) !== null) {
    throw new GraphError(400, 'Request_BadRequest', "Invalid value specified for property 'signingCertificate' of resource 'InternalDomainFederation'.");
  }
  record.props = merged;
  ctx.countWrite('update federationConfiguration');
  return { status: 200, headers: {}, body: viewFederationConfiguration(record) };
};
