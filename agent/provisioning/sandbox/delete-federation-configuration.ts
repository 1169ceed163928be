// SPDX-License-Identifier: UNLICENSED
import { findFederationConfiguration } from './find-federation-configuration.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

/**
 * `DELETE /domains/{name}/federationConfiguration/{id}` → 204. Reference §3.4 order: set the domain's
 * authenticationType to Managed first; deleting the configuration of a still-Federated domain is refused.
 */
export const deleteFederationConfiguration: GraphHandler = (ctx, req) => {
  const { domain, record } = findFederationConfiguration(ctx.data, req);
  if (domain.authenticationType === 'Federated') {
    throw new GraphError(400, 'Request_BadRequest', `Domain '${domain.id}' is federated; set its authenticationType to Managed before deleting the federation configuration.`);
  }
  ctx.data.federations.delete(record.id);
  ctx.countWrite('delete federationConfiguration');
  return { status: 204, headers: {} };
};
