// SPDX-License-Identifier: UNLICENSED
import { checkHardwareOathDevice } from './check-hardware-oath-device.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';
import type { OathDeviceRecord } from './tenant-data.js';
import { viewHardwareOathDevice } from './view-hardware-oath-device.js';

/**
 * Bulk create: `PATCH …/hardwareOathDevices` `{ "@context": "#$delta", "value": [{ "@contentId": "1", … }] }`
 * (reference §5.1). Every item is validated before any is stored (all or nothing); the response lists the
 * created devices with their `@contentId`.
 */
export const patchHardwareOathDevices: GraphHandler = (ctx, req) => {
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || body['@context'] !== '#$delta' || !Array.isArray(body.value)) {
    throw new GraphError(400, 'BadRequest', "A bulk request must be a delta payload: { \"@context\": \"#$delta\", \"value\": [ … ] }.");
  }
  const extra = Object.keys(body).find((k) => k !== '@context' && k !== 'value');
  if (extra !== undefined) throw new GraphError(400, 'BadRequest', `The property '${extra}' is not valid in a delta payload.`);
  const created: { contentId: unknown; device: OathDeviceRecord }[] = body.value.map((item: unknown) => ({
    contentId: (item as Record<string, unknown> | null)?.['@contentId'],
    device: checkHardwareOathDevice(ctx, req, item, ['@contentId']),
  }));
  for (const { device } of created) {
    ctx.data.oathDevices.set(device.id, device);
    ctx.countWrite('create hardwareOathDevice');
  }
  return {
    status: 200,
    headers: {},
    body: { '@context': '#$delta', value: created.map(({ contentId, device }) => ({ '@contentId': contentId ?? null, ...viewHardwareOathDevice(ctx.data, device) })) },
  };
};
