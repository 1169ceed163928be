// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathMethod } from './find-hardware-oath-method.js';
import type { GraphHandler } from './graph-request.js';

/** `DELETE /beta/users/{id}/authentication/hardwareOathMethods/{methodId}` → 204; the token returns to `available`. */
export const deleteHardwareOathMethod: GraphHandler = (ctx, req) => {
  const { device } = findHardwareOathMethod(ctx.data, req);
  device.assignedTo = null;
  device.props.status = 'available';
  ctx.countWrite('unassign hardwareOathMethod');
  return { status: 204, headers: {} };
};
