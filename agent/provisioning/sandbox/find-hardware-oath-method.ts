// SPDX-License-Identifier: UNLICENSED
import { findUser } from './find-user.js';
import type { GraphRequest } from './graph-request.js';
import { resourceNotFound } from './resource-not-found.js';
import type { OathDeviceRecord, TenantData, UserRecord } from './tenant-data.js';

/** `/users/{u}/authentication/hardwareOathMethods/{id}`: the user and the device assigned to them; else 404. */
export function findHardwareOathMethod(data: TenantData, req: GraphRequest): { user: UserRecord; device: OathDeviceRecord } {
  const user = findUser(data, req.segments[1] ?? '');
  const id = (req.segments[4] ?? '').toLowerCase();
  const device = data.oathDevices.get(id);
  if (!device || device.assignedTo !== user.id) throw resourceNotFound(id);
  return { user, device };
}
