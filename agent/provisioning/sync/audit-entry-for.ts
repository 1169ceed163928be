// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { AuditEntry } from '../../audit/audit-log.js';
import type { EntryOutcome } from './entry-outcome.js';

/**
 * The audit record of one applied change (one per change; none for bookkeeping such as a hash
 * refresh or a skipped entry). Subject: the UPN. Details never hold a password or token.
 */
export function auditEntryFor(o: EntryOutcome, actor: Actor): AuditEntry | null {
  if (o.status === 'skipped') return null;
  const e = o.entry;
  const p = e.payload;
  const ok = o.status === 'done';
  const base = {
    actor: actor.id, source: actor.source, subject: String(p.upn ?? '') || null, outcome: ok ? ('success' as const) : ('failure' as const),
  };
  const details: Record<string, unknown> = { userId: e.subject, runId: e.runId, seq: e.seq };
  const entraId = o.result.entraId ?? p.entraId ?? p.deletedId;
  if (entraId !== undefined) details.entraId = entraId;
  if (!ok) {
    details.reason = o.result.code;
    details.graphError = o.result.graphCode;
  }
  if (o.result.recovered !== undefined) details.recovered = o.result.recovered;
  switch (e.kind) {
    case 'create_user':
      return { ...base, event: 'graph.user_created', details: { ...details, usageLocation: (p.user as { usageLocation?: string }).usageLocation ?? null } };
    case 'update_user':
      return { ...base, event: 'graph.user_updated', details: { ...details, changed: Object.keys(p.changes as object) } };
    case 'enable_user':
      return { ...base, event: 'graph.user_enabled', details };
    case 'disable_user':
      return { ...base, event: 'graph.user_disabled', details };
    case 'delete_user':
      return { ...base, event: 'graph.user_deleted', details };
    case 'restore_deleted':
      return { ...base, event: 'graph.user_restored', details };
    case 'purge_deleted':
      return { ...base, event: 'graph.user_purged', details };
    case 'assign_license':
      return { ...base, event: 'graph.license_changed', details: { ...details, added: p.add, removed: p.remove } };
    case 'add_member':
    case 'remove_member':
      return { ...base, event: 'graph.group_changed', details: { ...details, groupId: p.groupId, change: e.kind === 'add_member' ? 'added' : 'removed' } };
    case 'link_user':
    case 'unlink_user':
      if (p.reason === 'refresh') return null;
      return { ...base, event: 'graph.user_linked', details: { ...details, change: e.kind === 'link_user' ? 'linked' : 'unlinked', why: p.reason } };
    default:
      return null;
  }
}
