// SPDX-License-Identifier: UNLICENSED
import { findDomain } from './find-domain.js';
import { findFederationConfiguration } from './find-federation-configuration.js';
import type { GraphHandler } from './graph-request.js';
import { viewFederationConfiguration } from './view-federation-configuration.js';

/** `GET /domains/{name}/federationConfiguration` (0 or 1 item) and `…/{id}`. */
export const readFederationConfigurations: GraphHandler = (ctx, req) => {
  if (req.segments[3] !== undefined) {
    const { record } = findFederationConfiguration(ctx.data, req);
    return { status: 200, headers: {}, body: viewFederationConfiguration(record) };
  }
  const domain = findDomain(ctx.data, req.segments[1] ?? '');
  const value = [...ctx.data.federations.values()].filter((f) => f.domainId === domain.id).map(viewFederationConfiguration);
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#domains('${domain.id}')/federationConfiguration`, value } };
};
