// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathMethod } from './find-hardware-oath-method.js';
import { findUser } from './find-user.js';
import type { GraphHandler } from './graph-request.js';
import { viewHardwareOathMethod } from './view-hardware-oath-method.js';

/** `GET /beta/users/{id}/authentication/hardwareOathMethods` and `…/{methodId}`. */
export const readHardwareOathMethods: GraphHandler = (ctx, req) => {
  if (req.segments[4] !== undefined) return { status: 200, headers: {}, body: viewHardwareOathMethod(findHardwareOathMethod(ctx.data, req).device) };
  const user = findUser(ctx.data, req.segments[1] ?? '');
  const value = [...ctx.data.oathDevices.values()].filter((d) => d.assignedTo === user.id).map(viewHardwareOathMethod);
  return { status: 200, headers: {}, body: { value } };
};
