// SPDX-License-Identifier: UNLICENSED
import type { JournalEntry } from '../../store/store.js';
import { formatTable } from '../output.js';

/** One line of detail per change kind; never a value that could be secret (there are none in a plan). */
function detail(e: JournalEntry): string {
  const p = e.payload;
  switch (e.kind) {
    case 'create_user': {
      const u = p.user as { usageLocation?: string; accountEnabled?: boolean };
      return `usageLocation=${u.usageLocation ?? '-'}${u.accountEnabled === false ? ' disabled' : ''}`;
    }
    case 'update_user':
      return Object.entries(p.changes as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    case 'assign_license':
      return [...(p.add as string[]).map((s) => `+${s}`), ...(p.remove as string[]).map((s) => `-${s}`)].join(' ');
    case 'add_member':
    case 'remove_member':
      return `group ${String(p.groupId)}`;
    case 'link_user':
    case 'unlink_user':
      return String(p.reason ?? '');
    case 'restore_deleted':
    case 'purge_deleted':
      return `deleted item ${String(p.deletedId)}`;
    default:
      return p.entraId === undefined ? '' : `entra ${String(p.entraId)}`;
  }
}

/** The human form of a plan or run: a table of changes (with status once applied), then the issues with their choices. */
export function formatGraphPlan(entries: readonly JournalEntry[], withStatus: boolean): string {
  const changes = entries.filter((e) => !e.kind.startsWith('issue.'));
  const issues = entries.filter((e) => e.kind.startsWith('issue.'));
  const header = withStatus ? ['#', 'CHANGE', 'USER', 'STATUS', 'DETAIL'] : ['#', 'CHANGE', 'USER', 'DETAIL'];
  const rows = changes.map((e) => {
    const failure = e.status === 'failed' ? ` (${String(e.result?.code)}: ${String(e.result?.message)})` : '';
    const cells = [String(e.seq), e.kind.replace('_', ' '), String(e.payload.upn ?? e.subject)];
    return withStatus ? [...cells, e.status, `${detail(e)}${failure}`] : [...cells, detail(e)];
  });
  const out = [changes.length === 0 ? 'no changes: Entra matches the directory' : formatTable(header, rows)];
  if (issues.length > 0) {
    out.push('', `${issues.length} issue(s) need a decision (nothing is changed for these users):`);
    for (const e of issues) {
      out.push(`  ${String(e.payload.upn ?? e.subject)}: ${String(e.payload.message)}`);
      const choices = e.payload.choices as string[] | undefined;
      if (choices && choices.length > 0) out.push(`    choices: ${choices.join(' | ')}`);
    }
  }
  return out.join('\n');
}
