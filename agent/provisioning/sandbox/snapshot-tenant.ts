// SPDX-License-Identifier: UNLICENSED
import type { SandboxState } from './sandbox-tenant.js';
import type { TenantData, UserRecord } from './tenant-data.js';
import { viewDomain } from './view-domain.js';
import { viewHardwareOathDevice } from './view-hardware-oath-device.js';

const clone = <T>(v: T): T => structuredClone(v);

/** A deep copy of the tenant for tests; no passwords, no OATH secrets. */
export function snapshotTenant(data: TenantData): SandboxState {
  const user = (u: UserRecord): Record<string, unknown> => clone({
    ...u.props, id: u.id, assignedLicenses: u.assignedLicenses, deletedDateTime: u.deletedDateTime,
  });
  return {
    tenantId: data.tenantId,
    users: [...data.users.values()].map(user),
    deletedUsers: [...data.deleted.values()].map(user),
    groups: [...data.groups.values()].map((g) => ({ ...clone(g.props), id: g.id, members: [...g.members] })),
    domains: [...data.domains.values()].map((d) => ({ ...viewDomain(d), stuck: d.stuck })),
    federationConfigurations: [...data.federations.values()].map((f) => ({ ...clone(f.props), id: f.id, domainId: f.domainId })),
    subscribedSkus: [...data.skus.values()].map((s) => ({ ...s })),
    hardwareOathDevices: [...data.oathDevices.values()].map((d) => clone(viewHardwareOathDevice(data, d))),
  };
}
