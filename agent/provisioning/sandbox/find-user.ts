// SPDX-License-Identifier: UNLICENSED
import { resourceNotFound } from './resource-not-found.js';
import type { TenantData, UserRecord } from './tenant-data.js';

/** The active (not soft-deleted) user with object id `key`, or with UPN `key` (case-insensitive); else 404. */
export function findUser(data: TenantData, key: string): UserRecord {
  const id = key.includes('@') ? data.upnIndex.get(key.toLowerCase()) : key.toLowerCase();
  const user = id === undefined ? undefined : data.users.get(id);
  if (!user) throw resourceNotFound(key);
  return user;
}
