// SPDX-License-Identifier: UNLICENSED
import { resourceNotFound } from './resource-not-found.js';
import type { GroupRecord, TenantData } from './tenant-data.js';

/** The group with object id `id`, else 404. */
export function findGroup(data: TenantData, id: string): GroupRecord {
  const group = data.groups.get(id.toLowerCase());
  if (!group) throw resourceNotFound(id);
  return group;
}
