// SPDX-License-Identifier: UNLICENSED
import { findHardwareOathDevice } from './find-hardware-oath-device.js';
import type { GraphHandler } from './graph-request.js';
import { matchesFilter } from './matches-filter.js';
import { pageCollection } from './page-collection.js';
import { parseODataFilter } from './parse-odata-filter.js';
import type { GraphObject, OathDeviceRecord } from './tenant-data.js';
import { viewHardwareOathDevice } from './view-hardware-oath-device.js';

/** `GET …/hardwareOathDevices` (`$filter=serialNumber eq '…'`, paged) and `GET …/hardwareOathDevices/{id}`. */
export const readHardwareOathDevices: GraphHandler = (ctx, req) => {
  const id = req.segments[3];
  if (id !== undefined) return { status: 200, headers: {}, body: viewHardwareOathDevice(ctx.data, findHardwareOathDevice(ctx.data, id)) };
  const filterText = req.query.get('$filter');
  const filter = filterText === null ? null : parseODataFilter(filterText, ['id', 'serialNumber', 'manufacturer', 'model', 'status']);
  const view = (d: OathDeviceRecord): GraphObject => viewHardwareOathDevice(ctx.data, d);
  const devices = [...ctx.data.oathDevices.values()].filter((d) => filter === null || matchesFilter(view(d), filter));
  return { status: 200, headers: {}, body: pageCollection(devices, view, req, ctx.origin, 'directory/authenticationMethodDevices/hardwareOathDevices') };
};
