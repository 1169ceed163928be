// SPDX-License-Identifier: UNLICENSED
import { checkFederationConfiguration } from './check-federation-configuration.js';
import { findDomain } from './find-domain.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import type { FederationRecord, GraphObject } from './tenant-data.js';
import { viewFederationConfiguration } from './view-federation-configuration.js';

/**
 * `POST /domains/{name}/federationConfiguration` → 201 and the domain becomes Federated (reference §3.1,
 * §3.4). The domain must be a verified custom domain without a configuration.
 *
 * A missing or unparseable `signingCertificate` fails with 400 **and** leaves the domain Federated with
 * no usable configuration, refusing further federation changes (`stuck`): the behaviour reported in
 * microsoft-graph-docs #20203 (peers-security.md). `unstickDomain()` is the support-ticket way out.
 */
export const createFederationConfiguration: GraphHandler = (ctx, req) => {
  const domain = findDomain(ctx.data, req.segments[1] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.internalDomainFederation', req.body);
  if (domain.isInitial) throw new GraphError(400, 'Request_BadRequest', `The initial domain '${domain.id}' cannot be federated.`);
  if (!domain.isVerified) throw new GraphError(400, 'Request_BadRequest', `Domain '${domain.id}' is not verified; only verified domains can be federated.`);
  if (domain.stuck) throw new GraphError(400, 'Request_BadRequest', `Domain '${domain.id}' is in an inconsistent federation state and cannot be updated.`);
  if ([...ctx.data.federations.values()].some((f) => f.domainId === domain.id)) {
    throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', `Domain '${domain.id}' already has a federation configuration.`);
  }
  const props: GraphObject = {};
  for (const [k, v] of Object.entries(body)) if (k !== '@odata.type') props[k] = v;
  if (checkFederationConfiguration(ctx.data, body, props, null) === 'signingCertificate') {
    domain.authenticationType = 'Federated';
    domain.stuck = true;
    ctx.countWrite('stuck domain');
    throw new GraphError(400, 'Request_BadRequest', "Invalid value specified for property 'signingCertificate' of resource 'InternalDomainFederation'.");
  }
  props.signingCertificateUpdateStatus = { certificateUpdateResult: 'Success', lastRunDateTime: new Date(ctx.clock.now()).toISOString() };
  const record: FederationRecord = { id: ctx.random.uuid().toLowerCase(), domainId: domain.id, props };
  ctx.data.federations.set(record.id, record);
  domain.authenticationType = 'Federated';
  ctx.countWrite('create federationConfiguration');
  return {
    status: 201,
    headers: {},
    body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#domains('${domain.id}')/federationConfiguration/$entity`, ...viewFederationConfiguration(record) },
  };
};
