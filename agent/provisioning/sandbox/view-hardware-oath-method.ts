// SPDX-License-Identifier: UNLICENSED
import type { GraphObject, OathDeviceRecord } from './tenant-data.js';

/** A user's hardwareOathAuthenticationMethod: its id is the device's id (reference §5.2). */
export function viewHardwareOathMethod(d: OathDeviceRecord): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod',
    id: d.id,
    createdDateTime: null,
    lastUsedDateTime: d.props.lastUsedDateTime ?? null,
    device: { id: d.id, serialNumber: d.props.serialNumber, status: d.props.status },
  };
}
