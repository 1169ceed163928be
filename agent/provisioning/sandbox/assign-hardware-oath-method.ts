// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathDevice } from './find-hardware-oath-device.js';
import { findUser } from './find-user.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import { viewHardwareOathMethod } from './view-hardware-oath-method.js';

/** Reference §5.3: up to 5 OATH hardware tokens per user. */
const MAX_TOKENS_PER_USER = 5;

/**
 * `POST /beta/users/{id}/authentication/hardwareOathMethods` `{ "device": { "id": "…" } }` → 201 (reference
 * §5.2). The device must be `available`; it becomes `assigned` to the user.
 */
export const assignHardwareOathMethod: GraphHandler = (ctx, req) => {
  const user = findUser(ctx.data, req.segments[1] ?? '');
  const body = ctx.validator.validate(req.version, 'microsoft.graph.hardwareOathAuthenticationMethod', req.body);
  const deviceId = (body.device as Record<string, unknown> | undefined)?.id;
  if (typeof deviceId !== 'string') throw new GraphError(400, 'BadRequest', "The property 'device' with the device 'id' is required.");
  const device = findHardwareOathDevice(ctx.data, deviceId);
  if (device.assignedTo !== null) throw new GraphError(400, 'BadRequest', 'The token is already assigned to a user.');
  const held = [...ctx.data.oathDevices.values()].filter((d) => d.assignedTo === user.id).length;
  if (held >= MAX_TOKENS_PER_USER) throw new GraphError(400, 'BadRequest', `A user can have at most ${MAX_TOKENS_PER_USER} hardware OATH tokens.`);
  device.assignedTo = user.id;
  device.props.status = 'assigned';
  ctx.countWrite('assign hardwareOathMethod');
  return { status: 201, headers: {}, body: viewHardwareOathMethod(device) };
};
