// SPDX-License-Identifier: UNLICENSED
import type { GraphObject, OathDeviceRecord, TenantData } from './tenant-data.js';

/** A hardware OATH device as Graph beta returns it: `secretKey` always null (reference §5.1). */
export function viewHardwareOathDevice(data: TenantData, d: OathDeviceRecord): GraphObject {
  const user = d.assignedTo === null ? undefined : data.users.get(d.assignedTo);
  return {
    id: d.id,
    displayName: null,
    lastUsedDateTime: null,
    ...d.props,
    secretKey: null,
    assignedTo: user ? { id: user.id, displayName: user.props.displayName ?? null } : null,
  };
}
