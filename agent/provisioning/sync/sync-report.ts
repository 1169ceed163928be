// SPDX-License-Identifier: UNLICENSED
import type { ProvisioningRun } from '../../store/store.js';

/** Counts of an applied run: `planned` (entries with a change), `done`, `failed`, `skipped`, `pending`, `issues`. */
export type RunCounts = Record<string, number>;

/** What `sync()` or a resume did. A run that ends with failed or pending entries is `failed`; rerunning `graph sync` resumes or re-plans it. */
export interface RunReport {
  runId: string;
  status: ProvisioningRun['status'];
  counts: RunCounts;
  /** The fault that stopped the run before its end (pending entries remain), or null. */
  error: { code: string; message: string } | null;
}

/** Progress of a sync, for a progress bar or metrics. */
export interface SyncProgress {
  phase: 'resume' | 'plan' | 'apply';
  done: number;
  total: number;
  failed: number;
}

/** Metrics callbacks (optional, must not throw); the daemon maps them to Prometheus counters. */
export interface SyncHooks {
  /** One journal entry finished. */
  onEntry?(event: { kind: string; status: 'done' | 'failed' | 'skipped' }): void;
  /** A run ended (`done` or `failed`). */
  onRun?(event: { status: ProvisioningRun['status']; counts: RunCounts; durationMs: number; resumed: boolean }): void;
}
