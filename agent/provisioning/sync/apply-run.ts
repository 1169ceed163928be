// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { MfaError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { JournalEntry, ProvisioningRun, ProvisioningStore } from '../../store/store.js';
import type { GraphClient } from '../graph/graph-client.js';
import { applySlice, type ApplyContext } from './apply-slice.js';
import { auditEntryFor } from './audit-entry-for.js';
import type { EntryOutcome } from './entry-outcome.js';
import { asMfaError, isTransientFailure } from './graph-failure.js';
import type { RunReport, SyncHooks, SyncProgress } from './sync-report.js';

/** Entries applied per slice (≈ 20 batches of 20): outcomes are journalled after each slice. */
const SLICE_ENTRIES = 400;
/** Settings key holding `{ runId, deltaLink }`: the delta position to store once that run has no pending entry. */
export const RUN_DELTA_SETTING = 'runDeltaLink';
export const DELTA_SETTING = 'deltaLink';
export const LAST_ERROR_SETTING = 'lastError';

export interface ApplyRunDeps {
  store: ProvisioningStore;
  graph: GraphClient;
  audit: AuditLog;
  actor: Actor;
  clock: Clock;
  random: Random;
  logger: Logger;
  baseUrl: string;
  hooks?: SyncHooks;
  onProgress?: (p: SyncProgress) => void;
}

/** Plan phases: entries of one phase may be applied together; a phase starts only after the one before it. */
function phaseOf(e: JournalEntry): number {
  switch (e.kind) {
    case 'restore_deleted': case 'purge_deleted': return 0;
    case 'link_user': case 'unlink_user': return 1;
    case 'create_user': return 2;
    case 'assign_license': return e.payload.entraId === undefined ? 2 : 3;
    case 'add_member': case 'remove_member': return 4;
    case 'delete_user': return 5;
    default: return 3;
  }
}

function slices(pending: readonly JournalEntry[]): JournalEntry[][] {
  const out: JournalEntry[][] = [];
  let cur: JournalEntry[] = [];
  for (const e of pending) {
    const last = cur[cur.length - 1];
    const sameChain = last !== undefined && last.kind === 'create_user' && e.kind === 'assign_license' && e.subject === last.subject;
    if (last !== undefined && !sameChain && (phaseOf(last) !== phaseOf(e) || cur.length >= SLICE_ENTRIES)) {
      out.push(cur);
      cur = [];
    }
    cur.push(e);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Applies the pending entries of `run` in seq order, journalling every outcome with its link change
 * (`finishEntry`) and one audit record per change. A failed entry does not stop the run; a transport
 * fault (the `$batch` POST refused: ERR_GRAPH_AUTH, throttling or 5xx beyond the retries), or a slice
 * whose every Graph change failed transiently, stops it with the rest left pending. The run ends `done`
 * when nothing failed or is pending, else `failed`; once nothing is pending, the delta position read
 * for this run is stored. `resumed`: the entries may have been attempted by a process that died.
 */
export async function applyRun(run: ProvisioningRun, deps: ApplyRunDeps, resumed: boolean): Promise<RunReport> {
  const { store, clock } = deps;
  const started = clock.now();
  const entries = await store.journal(run.id);
  const countable = entries.filter((e) => !e.kind.startsWith('issue.'));
  const pending = countable.filter((e) => e.status === 'pending');
  const ctx: ApplyContext = {
    graph: deps.graph, random: deps.random, clock, baseUrl: deps.baseUrl, resumed,
    links: new Map((await store.listLinks()).map((l) => [l.userId, l])),
    failedUsers: new Set(countable.filter((e) => e.status === 'failed' && e.kind !== 'add_member' && e.kind !== 'remove_member').map((e) => e.subject)),
  };
  const tally = { done: 0, failed: 0, skipped: 0 };
  for (const e of countable) if (e.status !== 'pending') tally[e.status] += 1;
  const progress = (): void => deps.onProgress?.({ phase: resumed ? 'resume' : 'apply', done: tally.done + tally.failed + tally.skipped, total: countable.length, failed: tally.failed });
  progress();
  let stop: MfaError | null = null;
  for (const slice of slices(pending)) {
    let outcomes: EntryOutcome[];
    try {
      outcomes = await applySlice(slice, ctx);
    } catch (err) {
      stop = asMfaError(err);
      break;
    }
    for (const o of outcomes) {
      await store.finishEntry(run.id, o.entry.seq, { status: o.status, result: o.result, at: clock.now(), ...(o.link ? { link: o.link } : {}), ...(o.unlink ? { unlink: o.unlink } : {}) });
      tally[o.status] += 1;
      deps.hooks?.onEntry?.({ kind: o.entry.kind, status: o.status });
      const audit = auditEntryFor(o, deps.actor);
      if (audit !== null) await deps.audit.record(audit);
    }
    progress();
    const graphFailures = outcomes.filter((o) => o.error !== undefined);
    const graphChanges = outcomes.filter((o) => o.entry.kind !== 'link_user' && o.entry.kind !== 'unlink_user' && o.status !== 'skipped');
    if (graphChanges.length > 0 && graphFailures.length === graphChanges.length && graphFailures.every((o) => o.error && isTransientFailure(o.error))) {
      stop = graphFailures[0]?.error ?? null;
      break;
    }
  }
  const left = countable.length - tally.done - tally.failed - tally.skipped;
  const counts = { planned: countable.length, ...tally, pending: left, issues: entries.length - countable.length };
  const status: ProvisioningRun['status'] = left === 0 && tally.failed === 0 ? 'done' : 'failed';
  const finishedAt = clock.now();
  await store.updateRun(run.id, { status, finishedAt, counts });
  const error = stop === null ? null : { code: stop.code, message: stop.message };
  await store.setSetting(LAST_ERROR_SETTING, error === null ? null : JSON.stringify({ runId: run.id, ...error, at: finishedAt }), finishedAt);
  if (left === 0) {
    const saved = await store.getSetting(RUN_DELTA_SETTING);
    const delta = saved === null ? null : (JSON.parse(saved) as { runId: string; deltaLink: string });
    if (delta?.runId === run.id) {
      await store.setSetting(DELTA_SETTING, delta.deltaLink, finishedAt);
      await store.setSetting(RUN_DELTA_SETTING, null, finishedAt);
    }
  }
  if (stop !== null) deps.logger.warn({ runId: run.id, code: stop.code, pending: left }, 'graph sync stopped; rerun `graph sync` to continue');
  await deps.audit.record({
    event: 'graph.sync_finished', actor: deps.actor.id, source: deps.actor.source, subject: run.id,
    outcome: status === 'done' ? 'success' : 'failure', details: { ...counts, resumed, ...(error ? { reason: error.code } : {}) },
  });
  deps.hooks?.onRun?.({ status, counts, durationMs: finishedAt - started, resumed });
  return { runId: run.id, status, counts, error };
}
