// SPDX-License-Identifier: UNLICENSED
import type { TenantData, UserRecord } from './tenant-data.js';

/**
 * Adds or removes a user's unique keys (UPN, case-insensitive; onPremisesImmutableId, exact) in the
 * tenant's indexes. Call with 'remove' before changing either property and with 'add' after.
 */
export function indexUser(data: TenantData, user: UserRecord, op: 'add' | 'remove'): void {
  const upn = user.props.userPrincipalName;
  const immutableId = user.props.onPremisesImmutableId;
  if (typeof upn === 'string') {
    if (op === 'add') data.upnIndex.set(upn.toLowerCase(), user.id);
    else if (data.upnIndex.get(upn.toLowerCase()) === user.id) data.upnIndex.delete(upn.toLowerCase());
  }
  if (typeof immutableId === 'string') {
    if (op === 'add') data.immutableIdIndex.set(immutableId, user.id);
    else if (data.immutableIdIndex.get(immutableId) === user.id) data.immutableIdIndex.delete(immutableId);
  }
}
