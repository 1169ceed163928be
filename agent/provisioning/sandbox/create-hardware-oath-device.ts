// SPDX-License-Identifier: UNLICENSED
import { checkHardwareOathDevice } from './check-hardware-oath-device.js';
import type { GraphHandler } from './graph-request.js';
import { viewHardwareOathDevice } from './view-hardware-oath-device.js';

/**
 * `POST /beta/directory/authenticationMethodDevices/hardwareOathDevices` → 201 (reference §5.1).
 * Graph does not refuse a second device with the same serial number (tokens can end up listed twice),
 * so neither does the sandbox: callers look up `serialNumber` first.
 */
export const createHardwareOathDevice: GraphHandler = (ctx, req) => {
  const device = checkHardwareOathDevice(ctx, req, req.body, []);
  ctx.data.oathDevices.set(device.id, device);
  ctx.countWrite('create hardwareOathDevice');
  return {
    status: 201,
    headers: {},
    body: { '@odata.context': `${ctx.origin}/beta/$metadata#directory/authenticationMethodDevices/hardwareOathDevices/$entity`, ...viewHardwareOathDevice(ctx.data, device) },
  };
};
