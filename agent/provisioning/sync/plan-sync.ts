// SPDX-License-Identifier: UNLICENSED
import type { GraphLinkRecord } from '../../store/store.js';
import type { GraphUser } from '../graph/user-operations.js';
import type { ActualState } from './actual-state.js';
import { appliedHash, ruleOfAppliedHash } from './applied-hash.js';
import type { DesiredState, DesiredUser } from './desired-state.js';
import { diffUser } from './diff-user.js';
import { CHANGE_ORDER, type ChangeKind, type PlanIssue, type PlannedChange, type SyncPlan } from './sync-plan.js';

export interface PlanOptions {
  /** Restore a soft-deleted user holding the same immutable id instead of reporting it. */
  restoreDeleted?: boolean;
  /** Purge a soft-deleted user holding the UPN or immutable id, then create anew. */
  purgeDeleted?: boolean;
}

/**
 * The ordered changes that make Entra match `desired` (pure; see `SyncPlan` and `CHANGE_ORDER`). Rules:
 * - a user is matched through its link, else by immutable id (then linked), else by UPN: a UPN match
 *   with another immutable id is an `upn_conflict` issue, never overwritten;
 * - a soft-deleted user holding the immutable id or UPN is a `soft_deleted` issue with both choices,
 *   acted on only with `restoreDeleted` (same immutable id only) or `purgeDeleted`;
 * - a linked user whose applied hash matches and whom Entra did not report is not compared at all;
 * - licences are added only with a usage location (else a `no_usage_location` issue) and only managed
 *   SKUs are removed; only linked users are removed from managed Entra groups;
 * - linked users no longer desired follow their deprovision rule (`leave`, `disable`, `delete`).
 */
export function planSync(desired: DesiredState, actual: ActualState, links: ReadonlyMap<string, GraphLinkRecord>, options: PlanOptions = {}): SyncPlan {
  const changes: PlannedChange[] = [];
  const issues: PlanIssue[] = [];
  /** Local user id → Entra id (null: created by this plan); absent when the user has an open issue. */
  const entraOf = new Map<string, string | null>();
  const push = (kind: ChangeKind, d: { userId: string; upn: string }, payload: Record<string, unknown>): void => {
    changes.push({ kind, userId: d.userId, upn: d.upn, payload });
  };
  const issue = (kind: PlanIssue['kind'], d: DesiredUser, message: string, choices: string[], data: Record<string, unknown> = {}): void => {
    issues.push({ kind, userId: d.userId, upn: d.upn, message, choices, data });
  };

  for (const d of desired.users.values()) {
    const before = changes.length;
    const link = links.get(d.userId);
    const state = d.accountEnabled === false ? 'disabled' : 'enabled';
    const liveLink = link !== undefined && link.state !== 'deleted' && !actual.gone.has(link.entraId) ? link : null;
    let current: GraphUser | null = null;
    let entraId: string;
    let linked = false;
    if (liveLink !== null) {
      entraId = liveLink.entraId;
      entraOf.set(d.userId, entraId);
      current = actual.users.get(entraId) ?? null;
      if (current === null) continue;
    } else {
      const byAnchor = actual.byImmutableId.get(d.immutableId);
      const byUpn = actual.byUpn.get(d.upn.toLowerCase());
      const deleted = actual.deleted.find((x) => x.onPremisesImmutableId === d.immutableId)
        ?? actual.deleted.find((x) => x.userPrincipalName.toLowerCase() === d.upn.toLowerCase());
      if (byAnchor !== undefined) {
        entraId = byAnchor;
        current = actual.users.get(byAnchor) ?? null;
        linked = true;
      } else if (byUpn !== undefined) {
        const other = actual.users.get(byUpn);
        issue('upn_conflict', d,
          `Entra user ${other?.userPrincipalName ?? d.upn} (${byUpn}) has this UPN but immutable id ${JSON.stringify(other?.onPremisesImmutableId ?? null)}, not ${d.immutableId}; it is left untouched. Rename one of them, or set its onPremisesImmutableId to ${d.immutableId} if it is the same person.`,
          ['rename the local user', 'set onPremisesImmutableId on the Entra user'], { entraId: byUpn, entraImmutableId: other?.onPremisesImmutableId ?? null });
        continue;
      } else if (deleted !== undefined) {
        const sameAnchor = deleted.onPremisesImmutableId === d.immutableId;
        if (options.restoreDeleted === true && sameAnchor) {
          entraId = deleted.id.toLowerCase();
          current = deleted;
          push('restore_deleted', d, { deletedId: entraId, hash: appliedHash(d, true), state });
        } else if (options.purgeDeleted === true) {
          push('purge_deleted', d, { deletedId: deleted.id.toLowerCase() });
          entraId = '';
        } else {
          issue('soft_deleted', d,
            `a soft-deleted Entra user ${deleted.userPrincipalName} (${deleted.id}, deleted ${String(deleted.deletedDateTime ?? 'recently')}) holds this ${sameAnchor ? 'immutable id' : 'UPN'}; rerun with ${sameAnchor ? '--restore-deleted to bring it back, or ' : ''}--purge-deleted to remove it for good and create the user anew`,
            sameAnchor ? ['--restore-deleted', '--purge-deleted'] : ['--purge-deleted'],
            { deletedId: deleted.id, deletedUpn: deleted.userPrincipalName, sameImmutableId: sameAnchor });
          continue;
        }
      } else {
        entraId = '';
      }
      if (current === null) {
        planCreate(d, state);
        continue;
      }
      entraOf.set(d.userId, entraId);
    }
    const diff = diffUser(d, current, desired.managedSkuIds);
    if (diff.missingUsageLocation) {
      issue('no_usage_location', d, `licences ${diff.refusedSkuIds.join(', ')} are not assigned: the user has no usage location; set graph.sync.defaultUsageLocation or the group's usageLocation`, ['set a usage location'], { skuIds: diff.refusedSkuIds });
    }
    const hash = appliedHash(d, diff.missingUsageLocation);
    if (linked) push('link_user', d, { entraId, hash, state, reason: 'matched_immutable_id' });
    const base = { entraId, hash, state };
    if (Object.keys(diff.attributes).length > 0) push('update_user', d, { ...base, changes: diff.attributes });
    if (diff.accountEnabled !== null) push(diff.accountEnabled ? 'enable_user' : 'disable_user', d, base);
    if (diff.add.length + diff.remove.length > 0) push('assign_license', d, { ...base, add: diff.add, remove: diff.remove });
    if (changes.length === before && (liveLink?.appliedHash !== hash || liveLink.state !== state)) push('link_user', d, { ...base, reason: 'refresh' });
  }

  function planCreate(d: DesiredUser, state: string): void {
    const missingLocation = d.skuIds.length > 0 && d.usageLocation === null;
    if (missingLocation) {
      issue('no_usage_location', d, `licences ${d.skuIds.join(', ')} are not assigned: the user has no usage location; set graph.sync.defaultUsageLocation or the group's usageLocation`, ['set a usage location'], { skuIds: d.skuIds });
    }
    const hash = appliedHash(d, missingLocation);
    const user: Record<string, unknown> = {
      accountEnabled: d.accountEnabled ?? true, displayName: d.displayName, mailNickname: d.mailNickname,
      userPrincipalName: d.upn, onPremisesImmutableId: d.immutableId,
    };
    if (d.usageLocation !== null) user.usageLocation = d.usageLocation;
    push('create_user', d, { user, hash, state });
    if (!missingLocation && d.skuIds.length > 0) push('assign_license', d, { add: d.skuIds, remove: [], hash, state });
    entraOf.set(d.userId, null);
  }

  const deleting = new Set<string>();
  for (const link of links.values()) {
    if (desired.users.has(link.userId) || link.state === 'deleted') continue;
    const who = { userId: link.userId, upn: actual.users.get(link.entraId)?.userPrincipalName ?? '' };
    const rule = desired.departing.get(link.userId) ?? ruleOfAppliedHash(link.appliedHash) ?? 'disable';
    if (actual.gone.has(link.entraId)) {
      push('unlink_user', who, { entraId: link.entraId, reason: 'gone from Entra' });
    } else if (rule === 'delete') {
      deleting.add(link.entraId);
      push('delete_user', who, { entraId: link.entraId });
    } else if (rule === 'disable') {
      const current = actual.users.get(link.entraId);
      if (current === undefined ? link.state !== 'disabled' : current.accountEnabled !== false) {
        push('disable_user', who, { entraId: link.entraId, hash: link.appliedHash, state: 'disabled' });
      }
    }
  }

  const linkByEntra = new Map([...links.values()].map((l) => [l.entraId, l]));
  for (const groupId of desired.managedGroupIds) {
    const members = actual.groupMembers.get(groupId) ?? new Set<string>();
    const wanted = new Set<string>();
    for (const d of desired.users.values()) {
      if (!d.entraGroupIds.includes(groupId) || !entraOf.has(d.userId)) continue;
      const id = entraOf.get(d.userId) ?? null;
      if (id !== null) wanted.add(id);
      if (id === null || !members.has(id)) push('add_member', d, id === null ? { groupId } : { groupId, entraId: id });
    }
    for (const m of members) {
      const link = linkByEntra.get(m);
      if (wanted.has(m) || link === undefined || deleting.has(m) || link.state === 'deleted') continue;
      if (desired.users.has(link.userId) && !entraOf.has(link.userId)) continue;
      push('remove_member', { userId: link.userId, upn: actual.users.get(m)?.userPrincipalName ?? desired.users.get(link.userId)?.upn ?? '' }, { groupId, entraId: m });
    }
  }

  const rank = (c: PlannedChange): number => CHANGE_ORDER.indexOf(c.kind === 'assign_license' && c.payload.entraId === undefined ? 'create_user' : c.kind);
  const ordered = changes.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
  const counts: Record<string, number> = { issues: issues.length };
  for (const c of ordered) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return { changes: ordered, issues, counts };
}
