// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathDevice } from './find-hardware-oath-device.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

/** `PATCH …/hardwareOathDevices/{id}` → 204: only `displayName`; the secret "cannot be updated" (reference §5.1). */
export const updateHardwareOathDevice: GraphHandler = (ctx, req) => {
  const device = findHardwareOathDevice(ctx.data, req.segments[3] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.hardwareOathTokenAuthenticationMethodDevice', req.body);
  for (const k of Object.keys(body)) {
    if (k !== 'displayName' && k !== '@odata.type') throw new GraphError(400, 'BadRequest', `Property '${k}' cannot be updated.`);
  }
  if ('displayName' in body) device.props.displayName = body.displayName;
  ctx.countWrite('update hardwareOathDevice');
  return { status: 204, headers: {} };
};
