// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathDevice } from './find-hardware-oath-device.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

/** `DELETE …/hardwareOathDevices/{id}` → 204; an assigned token is refused ("Token needs to be unassigned", reference §5.1). */
export const deleteHardwareOathDevice: GraphHandler = (ctx, req) => {
  const device = findHardwareOathDevice(ctx.data, req.segments[3] ?? '');
  if (device.assignedTo !== null) throw new GraphError(400, 'BadRequest', 'Token needs to be unassigned before it can be deleted.');
  ctx.data.oathDevices.delete(device.id);
  ctx.countWrite('delete hardwareOathDevice');
  return { status: 204, headers: {} };
};
