// SPDX-License-Identifier: UNLICENSED
import { resourceNotFound } from './resource-not-found.js';
import type { OathDeviceRecord, TenantData } from './tenant-data.js';

/** The hardware OATH device with id `id`, else 404. */
export function findHardwareOathDevice(data: TenantData, id: string): OathDeviceRecord {
  const device = data.oathDevices.get(id.toLowerCase());
  if (!device) throw resourceNotFound(id);
  return device;
}
