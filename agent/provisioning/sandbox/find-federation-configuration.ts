// SPDX-License-Identifier: UNLICENSED
import { findDomain } from './find-domain.js';
import type { GraphRequest } from './graph-request.js';
import { resourceNotFound } from './resource-not-found.js';
import type { DomainRecord, FederationRecord, TenantData } from './tenant-data.js';

/** The configuration `/domains/{name}/federationConfiguration/{id}` names, with its domain; else 404. */
export function findFederationConfiguration(data: TenantData, req: GraphRequest): { domain: DomainRecord; record: FederationRecord } {
  const domain = findDomain(data, req.segments[1] ?? '');
  const id = (req.segments[3] ?? '').toLowerCase();
  const record = data.federations.get(id);
  if (!record || record.domainId !== domain.id) throw resourceNotFound(id);
  return { domain, record };
}
