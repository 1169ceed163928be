// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { GraphCore } from './graph-client.js';
import { odataEquals } from './odata-equals.js';

/** Inventory collection (beta only, reference §5.1). */
const DEVICES = '/directory/authenticationMethodDevices/hardwareOathDevices';

/** Body of a hardware OATH token create (reference §5.1). */
export interface NewHardwareOathDevice {
  serialNumber: string;
  manufacturer: string;
  model: string;
  /** Base32 seed; Graph never returns it. */
  secretKey: string;
  timeIntervalInSeconds: 30 | 60;
  hashFunction: 'hmacsha1' | 'hmacsha256';
  displayName?: string;
  /** Assign at creation. */
  assignTo?: { id: string };
}

export interface HardwareOathDevice {
  id: string;
  serialNumber: string;
  status?: 'available' | 'assigned' | 'activated' | 'failedActivation' | string;
  assignedTo?: { id: string; displayName?: string } | null;
  [property: string]: unknown;
}

/** Hardware OATH tokens in Entra (beta endpoints, reference §5.1–§5.2). */
export interface OathDeviceOperations {
  createHardwareOathDevice(device: NewHardwareOathDevice): Promise<HardwareOathDevice>;
  /** Null when no token has that serial number. */
  findHardwareOathDevice(serialNumber: string): Promise<HardwareOathDevice | null>;
  /** Assigns a device to a user; returns the new hardwareOathAuthenticationMethod id. */
  assignHardwareOathDevice(userId: string, deviceId: string): Promise<string>;
  /** Activates an assigned method with a current code (204). */
  activateHardwareOathMethod(userId: string, methodId: string, verificationCode: string, displayName?: string): Promise<void>;
}

export function createOathDeviceOperations(core: GraphCore): OathDeviceOperations {
  const u = (id: string): string => `/users/${encodeURIComponent(id)}/authentication/hardwareOathMethods`;
  return {
    async createHardwareOathDevice(device) {
      const { body } = await core.request<HardwareOathDevice>({ method: 'POST', path: DEVICES, body: device, version: 'beta' });
      if (body?.id === undefined) throw new MfaError('ERR_GRAPH', 'Graph returned no hardware OATH device id', { data: { reason: 'protocol', status: 201 } });
      return body;
    },
    async findHardwareOathDevice(serialNumber) {
      const list = await core.listAll<HardwareOathDevice>(`${DEVICES}?$filter=${odataEquals('serialNumber', serialNumber)}`, { version: 'beta' });
      return list[0] ?? null;
    },
    async assignHardwareOathDevice(userId, deviceId) {
      const { body } = await core.request<{ id?: string }>({ method: 'POST', path: u(userId), body: { device: { id: deviceId } }, version: 'beta' });
      if (body?.id === undefined) throw new MfaError('ERR_GRAPH', 'Graph returned no hardware OATH method id', { data: { reason: 'protocol', status: 201 } });
      return body.id;
    },
    async activateHardwareOathMethod(userId, methodId, verificationCode, displayName) {
      const body = { verificationCode, ...(displayName === undefined ? {} : { displayName }) };
      await core.request({ method: 'POST', path: `${u(userId)}/${encodeURIComponent(methodId)}/activate`, body, version: 'beta' });
    },
  };
}
