// SPDX-License-Identifier: UNLICENSED

/** What a group's members get when they leave every provisioning group (config `graph.sync.groups[].deprovision`). */
export type DeprovisionRule = 'leave' | 'disable' | 'delete';

/** One local user as Entra should hold it. */
export interface DesiredUser {
  userId: string;
  upn: string;
  displayName: string;
  /** Derived from the UPN's local part (`deriveMailNickname`). */
  mailNickname: string;
  /** `onPremisesImmutableId`: always sent on create, so a federated domain never answers "SourceAnchor is required". */
  immutableId: string;
  /** `null` when not managed (a locally disabled user whose rule is `leave`). */
  accountEnabled: boolean | null;
  /** ISO 3166 alpha-2 from the first listed group that sets one, else `graph.sync.defaultUsageLocation`; null when neither. */
  usageLocation: string | null;
  /** SKU ids (lower case, sorted): the union of the user's groups' licences. */
  skuIds: string[];
  /** Entra group ids (lower case, sorted) of the user's provisioning groups that name one. */
  entraGroupIds: string[];
  /** The rule of the first listed provisioning group the user is in. */
  deprovision: DeprovisionRule;
}

/**
 * The desired state computed from the directory and `graph.sync`. Contract: `users` holds every local
 * user who is in at least one provisioning group and is to exist in Entra; `departing` the users who
 * are in a group but must go (locally disabled under a `delete` rule), with that rule.
 */
export interface DesiredState {
  users: Map<string, DesiredUser>;
  departing: Map<string, DeprovisionRule>;
  /** Every SKU id named by any provisioning group: the only licences the sync adds or removes. */
  managedSkuIds: Set<string>;
  /** Every Entra group id named by any provisioning group: the only groups whose members the sync changes. */
  managedGroupIds: string[];
}
