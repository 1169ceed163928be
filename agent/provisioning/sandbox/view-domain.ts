// SPDX-License-Identifier: UNLICENSED
import type { DomainRecord, GraphObject } from './tenant-data.js';

/** A domain as `GET /domains/{id}` returns it. */
export function viewDomain(d: DomainRecord): GraphObject {
  return {
    authenticationType: d.authenticationType,
    availabilityStatus: null,
    id: d.id,
    isAdminManaged: true,
    isDefault: d.isDefault,
    isInitial: d.isInitial,
    isRoot: true,
    isVerified: d.isVerified,
    supportedServices: d.isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
    passwordValidityPeriodInDays: 2147483647,
    passwordNotificationWindowInDays: 14,
    state: null,
  };
}
