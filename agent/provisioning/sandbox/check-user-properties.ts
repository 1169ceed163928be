// SPDX-License-Identifier: UNLICENSED
import { checkUserPrincipalName } from './check-user-principal-name.js';
import { GraphError } from './graph-error.js';
import { objectConflict } from './object-conflict.js';
import type { GraphObject, TenantData, UserRecord } from './tenant-data.js';

/** Reference §4.1 (microsoft-graph-docs-contrib #5070). */
const SOURCE_ANCHOR_REQUIRED = 'SourceAnchor is a required property for creation of a federated user.';
/** Reference §4.1 (MSOnline wording, azure-docs #5108): the immutable ID of a federated user cannot change. */
const FEDERATED_SOURCE_ANCHOR = 'You must provide a required property: Parameter name: FederatedUser.SourceAnchor';
/** Reference §4.1: "$ and _ characters can't be used"; up to 64 characters. */
const IMMUTABLE_ID = /^[^$_]{1,64}$/;
const USAGE_LOCATION = /^[A-Z]{2}$/;
const MAIL_NICKNAME = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/;

function invalidValue(property: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource 'User'.`);
}

/**
 * The user rules of reference §4.1/§4.2 for the properties in `change` (a create body, or a PATCH body
 * applied to `existing`):
 * - usageLocation is ISO 3166 alpha-2, mailNickname a valid alias, onPremisesImmutableId ≤ 64 chars without `$` or `_`;
 * - the UPN is well-formed and on a verified tenant domain;
 * - UPN and immutable ID are unique over active **and soft-deleted** users (400 with `details[].code: ObjectConflict`);
 * - a user whose UPN is on a federated domain must have an immutable ID (SourceAnchor error), and an
 *   existing user on a federated domain cannot change it.
 */
export function checkUserProperties(data: TenantData, change: GraphObject, existing: UserRecord | null): void {
  if ('usageLocation' in change && change.usageLocation !== null && !USAGE_LOCATION.test(String(change.usageLocation))) throw invalidValue('usageLocation');
  if ('mailNickname' in change && !MAIL_NICKNAME.test(String(change.mailNickname))) throw invalidValue('mailNickname');
  if ('onPremisesImmutableId' in change && change.onPremisesImmutableId !== null && !IMMUTABLE_ID.test(String(change.onPremisesImmutableId))) {
    throw invalidValue('onPremisesImmutableId');
  }
  const upn = String(change.userPrincipalName ?? existing?.props.userPrincipalName ?? '');
  const domain = checkUserPrincipalName(data, upn);
  const upnOwner = data.upnIndex.get(upn.toLowerCase());
  if (upnOwner !== undefined && upnOwner !== existing?.id) throw objectConflict('userPrincipalName');
  const immutableId = 'onPremisesImmutableId' in change ? change.onPremisesImmutableId : existing?.props.onPremisesImmutableId;
  if (typeof immutableId === 'string') {
    const owner = data.immutableIdIndex.get(immutableId);
    if (owner !== undefined && owner !== existing?.id) throw objectConflict('onPremisesImmutableId');
  }
  if (existing) {
    const before = String(existing.props.userPrincipalName ?? '');
    const beforeDomain = data.domains.get(before.slice(before.indexOf('@') + 1).toLowerCase());
    const changesAnchor = 'onPremisesImmutableId' in change && change.onPremisesImmutableId !== existing.props.onPremisesImmutableId;
    if (changesAnchor && beforeDomain?.authenticationType === 'Federated') throw new GraphError(400, 'Request_BadRequest', FEDERATED_SOURCE_ANCHOR);
  }
  if (domain.authenticationType === 'Federated' && (typeof immutableId !== 'string' || immutableId === '')) {
    throw new GraphError(400, 'Request_BadRequest', SOURCE_ANCHOR_REQUIRED);
  }
}
