// SPDX-License-Identifier: UNLICENSED
import { GRAPH_SHAPES } from './graph-shapes.js';
import { selectProperties } from './select-properties.js';
import type { GraphObject, UserRecord } from './tenant-data.js';

/** Graph v1.0's default user properties (returned without `$select`). onPremisesImmutableId is `$select`-only. */
const USER_DEFAULT_SELECT = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname',
  'userPrincipalName', 'id',
] as const;

const USER_KNOWN = Object.keys(GRAPH_SHAPES['v1.0']?.shapes['microsoft.graph.user']?.properties ?? {}).filter((p) => p !== 'passwordProfile');

/** The user as Graph returns it, projected on `$select` (or the defaults). The password is never returned. */
export function viewUser(user: UserRecord, select: string | null): GraphObject {
  const full: GraphObject = {
    ...user.props,
    id: user.id,
    assignedLicenses: user.assignedLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] })),
    deletedDateTime: user.deletedDateTime,
  };
  const known = [...USER_KNOWN, ...Object.keys(user.props)];
  return selectProperties(full, select, USER_DEFAULT_SELECT, known, 'microsoft.graph.user');
}
