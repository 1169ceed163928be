// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { ResolvedConfig } from '../../config/index.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { JournalEntry, ProvisioningRun, Store } from '../../store/store.js';
import type { GraphClient } from '../graph/graph-client.js';
import { applyRun, DELTA_SETTING, RUN_DELTA_SETTING } from './apply-run.js';
import { buildDesiredState } from './build-desired-state.js';
import { loadActualState } from './load-actual-state.js';
import { planSync, type PlanOptions } from './plan-sync.js';
import { resolveSkuIds } from './resolve-sku-ids.js';
import type { SyncPlan } from './sync-plan.js';
import type { RunReport, SyncHooks, SyncProgress } from './sync-report.js';

/** Saved dry-run plans kept for `graph plan show`; older ones are pruned. */
const KEEP_PLANNED_RUNS = 10;

export interface SyncEngineDeps {
  graphConfig: ResolvedConfig['graph'];
  store: Store;
  graph: GraphClient;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  logger: Logger;
  hooks?: SyncHooks;
}

/** A plan as saved: the run (`planned` for a dry run) and its journal. */
export interface SavedPlan {
  run: ProvisioningRun;
  plan: SyncPlan;
}

export interface SyncOptions extends PlanOptions {
  actor: Actor;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncOutcome {
  /** The unfinished run resumed first, or null. */
  resumed: RunReport | null;
  /** The new plan and its run; null when the resumed run stopped (the plan is made at the next sync). */
  plan: SavedPlan | null;
  report: RunReport | null;
}

/**
 * The sync engine: desired state (directory) → actual state (Graph) → plan → journal → apply.
 * Contracts:
 * - `dryRun` reads Entra only and saves the plan as a `planned` run (its delta position is not kept);
 * - `sync` first resumes a run left `applying` by a crash (creates are then looked up before they are
 *   sent), then plans anew and writes the whole plan to the journal before the first change;
 * - a plan error (unknown SKU part number, missing local or Entra group) is thrown before anything is saved.
 */
export interface SyncEngine {
  dryRun(options?: PlanOptions): Promise<SavedPlan>;
  sync(options: SyncOptions): Promise<SyncOutcome>;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { store, clock, graph } = deps;
  const prov = store.provisioning;

  async function plan(options: PlanOptions): Promise<{ plan: SyncPlan; deltaLink: string }> {
    const parts = new Set(deps.graphConfig.sync.groups.flatMap((g) => g.licenses));
    const skuIds = parts.size === 0 ? new Map<string, string>() : resolveSkuIds(parts, await graph.subscribedSkus());
    const desired = await buildDesiredState(deps.graphConfig.sync, store.groups, skuIds);
    const links = new Map((await prov.listLinks()).map((l) => [l.userId, l]));
    const actual = await loadActualState(graph, desired, links, await prov.getSetting(DELTA_SETTING));
    const result = planSync(desired, actual, links, options);
    for (const c of result.changes) if (c.upn === '') c.upn = (await store.users.getById(c.userId))?.upn ?? '';
    return { plan: result, deltaLink: actual.deltaLink };
  }

  async function save(p: SyncPlan, status: ProvisioningRun['status']): Promise<ProvisioningRun> {
    const now = clock.now();
    const run: ProvisioningRun = { id: deps.random.uuid(), startedAt: now, finishedAt: status === 'planned' ? now : null, status, counts: p.counts };
    const entry = (seq: number, kind: string, subject: string, payload: Record<string, unknown>, s: JournalEntry['status']): JournalEntry => ({
      runId: run.id, seq, kind, subject, payload, status: s, result: null, attempts: 0, updatedAt: now,
    });
    const entries = [
      ...p.changes.map((c, i) => entry(i + 1, c.kind, c.userId, { upn: c.upn, ...c.payload }, 'pending')),
      ...p.issues.map((x, i) => entry(p.changes.length + i + 1, `issue.${x.kind}`, x.userId, { upn: x.upn, message: x.message, choices: x.choices, ...x.data }, 'skipped')),
    ];
    await prov.createRun(run, entries);
    return run;
  }

  return {
    async dryRun(options = {}) {
      const { plan: p } = await plan(options);
      const run = await save(p, 'planned');
      // Dry runs are for review: the last few are kept, older ones (and their journals) go.
      await prov.pruneRuns('planned', KEEP_PLANNED_RUNS);
      return { run, plan: p };
    },
    async sync(options) {
      const { actor } = options;
      const applyDeps = {
        store: prov, graph, audit: deps.audit, actor, clock, random: deps.random, logger: deps.logger, baseUrl: deps.graphConfig.baseUrl,
        ...(deps.hooks ? { hooks: deps.hooks } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      };
      let resumed: RunReport | null = null;
      const unfinished = await prov.unfinishedRun();
      if (unfinished !== null) {
        deps.logger.info({ runId: unfinished.id }, 'resuming an unfinished graph sync run');
        resumed = await applyRun(unfinished, applyDeps, true);
        if (resumed.counts.pending !== 0) return { resumed, plan: null, report: null };
      }
      options.onProgress?.({ phase: 'plan', done: 0, total: 0, failed: 0 });
      const { plan: p, deltaLink } = await plan(options);
      const run = await save(p, 'applying');
      await prov.setSetting(RUN_DELTA_SETTING, JSON.stringify({ runId: run.id, deltaLink }), clock.now());
      await deps.audit.record({
        event: 'graph.sync_started', actor: actor.id, source: actor.source, subject: run.id, outcome: 'success',
        details: { ...p.counts, resumedRunId: unfinished?.id ?? null },
      });
      for (const x of p.issues) {
        await deps.audit.record({
          event: 'graph.conflict', actor: actor.id, source: actor.source, subject: x.upn, outcome: 'failure',
          details: { userId: x.userId, runId: run.id, kind: x.kind, choices: x.choices, message: x.message },
        });
      }
      const report = await applyRun(run, applyDeps, false);
      return { resumed, plan: { run: { ...run, status: report.status, counts: report.counts }, plan: p }, report };
    },
  };
}
