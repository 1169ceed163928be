// SPDX-License-Identifier: UNLICENSED
import type { GraphUser } from '../graph/user-operations.js';
import type { DesiredUser } from './desired-state.js';

/** What differs between a desired user and its Entra object. */
export interface UserDiff {
  /** Attributes to PATCH (only the differing ones): UPN, displayName, mailNickname, usageLocation, onPremisesImmutableId when unset. */
  attributes: Record<string, unknown>;
  /** The accountEnabled to set, or null when it is right (or not managed). */
  accountEnabled: boolean | null;
  /** SKU ids to add and (managed ones only) to remove. */
  add: string[];
  remove: string[];
  /** True when licences must be added but neither the desired nor the current user has a usage location. */
  missingUsageLocation: boolean;
  /** The SKU ids held back for lack of a usage location. */
  refusedSkuIds: string[];
}

/**
 * Compares `d` with `current`. A usage location Entra has but the configuration leaves unset is kept;
 * an immutable id is only ever set where Entra has none (changing it on a federated domain fails, §4.1);
 * licences not in `managedSkuIds` are never removed.
 */
export function diffUser(d: DesiredUser, current: GraphUser, managedSkuIds: ReadonlySet<string>): UserDiff {
  const attributes: Record<string, unknown> = {};
  if (current.userPrincipalName !== d.upn) attributes.userPrincipalName = d.upn;
  if (current.displayName !== d.displayName) attributes.displayName = d.displayName;
  if (current.mailNickname !== d.mailNickname) attributes.mailNickname = d.mailNickname;
  if (d.usageLocation !== null && current.usageLocation !== d.usageLocation) attributes.usageLocation = d.usageLocation;
  if (current.onPremisesImmutableId === null || current.onPremisesImmutableId === undefined || current.onPremisesImmutableId === '') {
    attributes.onPremisesImmutableId = d.immutableId;
  }
  const accountEnabled = d.accountEnabled !== null && current.accountEnabled !== d.accountEnabled ? d.accountEnabled : null;
  const have = new Set((current.assignedLicenses ?? []).map((l) => l.skuId.toLowerCase()));
  const want = new Set(d.skuIds);
  let add = d.skuIds.filter((s) => !have.has(s));
  const remove = [...have].filter((s) => managedSkuIds.has(s) && !want.has(s)).sort();
  const location = d.usageLocation ?? current.usageLocation ?? null;
  const missingUsageLocation = add.length > 0 && (location === null || location === '');
  const refusedSkuIds = missingUsageLocation ? add : [];
  if (missingUsageLocation) add = [];
  return { attributes, accountEnabled, add, remove, missingUsageLocation, refusedSkuIds };
}
