// SPDX-License-Identifier: UNLICENSED

/**
 * Kinds of planned change, in the order a plan applies them:
 * restore/purge (only with an explicit flag) → link/unlink (no Graph write) → create (each with its
 * licence assignment) → update/enable/disable → licence changes of existing users → group members → delete.
 */
export const CHANGE_ORDER = [
  'restore_deleted', 'purge_deleted', 'link_user', 'unlink_user', 'create_user', 'update_user', 'enable_user', 'disable_user',
  'assign_license', 'add_member', 'remove_member', 'delete_user',
] as const;

export type ChangeKind = (typeof CHANGE_ORDER)[number];

/**
 * One change. `payload` is JSON data, never a secret (passwords are generated when applied). Fields by kind:
 * - `create_user`: `user` (the POST body without passwordProfile), `hash`, `state`;
 * - `update_user`: `entraId`, `changes` (only the differing attributes), `hash`, `state`;
 * - `enable_user` / `disable_user`: `entraId`, `hash?`, `state`;
 * - `assign_license`: `entraId?` (absent when the user is created by this plan), `add`, `remove` (SKU ids), `hash`, `state`;
 * - `add_member` / `remove_member`: `groupId`, `entraId?`;
 * - `delete_user`: `entraId`; `link_user`: `entraId`, `hash`, `state`, `reason`; `unlink_user`: `entraId`, `reason`;
 * - `restore_deleted`: `deletedId`, `hash`, `state`; `purge_deleted`: `deletedId`.
 */
export interface PlannedChange {
  kind: ChangeKind;
  /** Local user id. */
  userId: string;
  upn: string;
  payload: Record<string, unknown>;
}

export type PlanIssueKind = 'upn_conflict' | 'soft_deleted' | 'no_usage_location';

/** Something the plan cannot do by itself; the message says what to do. No change is planned for it. */
export interface PlanIssue {
  kind: PlanIssueKind;
  userId: string;
  upn: string;
  message: string;
  /** The ways out an admin may choose (`--restore-deleted`, `--purge-deleted`, …). */
  choices: string[];
  data: Record<string, unknown>;
}

export interface SyncPlan {
  changes: PlannedChange[];
  issues: PlanIssue[];
  /** Changes per kind, and `issues`. */
  counts: Record<string, number>;
}
