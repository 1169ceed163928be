// SPDX-License-Identifier: UNLICENSED
import { resourceNotFound } from './resource-not-found.js';
import type { DomainRecord, TenantData } from './tenant-data.js';

/** The tenant domain named `name` (case-insensitive), else 404. */
export function findDomain(data: TenantData, name: string): DomainRecord {
  const domain = data.domains.get(name.toLowerCase());
  if (!domain) throw resourceNotFound(name);
  return domain;
}
