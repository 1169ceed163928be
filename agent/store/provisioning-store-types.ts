// SPDX-License-Identifier: UNLICENSED
/** Store interfaces of Graph provisioning: links to Entra objects, runs and their write-ahead journal. Re-exported by store.ts. */

/** A local user's counterpart in Entra, recorded once it exists there. */
export interface GraphLinkRecord {
  userId: string;
  /** The Entra object id: the durable key (UPNs change). */
  entraId: string;
  /** What the appliance last made true in Entra for this user (`enabled`, `disabled`, `deleted`). */
  state: 'enabled' | 'disabled' | 'deleted';
  /** Hash of the desired attributes last applied, to skip users with nothing to change. */
  appliedHash: string;
  updatedAt: number;
}

export type JournalStatus = 'pending' | 'done' | 'failed' | 'skipped';

/** One planned change of a provisioning run. Written before it is applied (write-ahead). */
export interface JournalEntry {
  runId: string;
  /** Position in the run; changes apply in this order. */
  seq: number;
  /** e.g. `create_user`, `update_user`, `disable_user`, `delete_user`, `assign_license`, `add_member`. */
  kind: string;
  /** The local user id (or other subject) the change is about. */
  subject: string;
  /** The change itself, as JSON-able data (never a secret: passwords are generated at apply time). */
  payload: Record<string, unknown>;
  status: JournalStatus;
  /** The outcome: Entra ids on success, the error code and message on failure. */
  result: Record<string, unknown> | null;
  attempts: number;
  updatedAt: number;
}

export interface ProvisioningRun {
  id: string;
  startedAt: number;
  finishedAt: number | null;
  /** `planned` (dry run, kept for review), `applying`, `done`, `failed`. */
  status: 'planned' | 'applying' | 'done' | 'failed';
  counts: Record<string, number>;
}

export interface ProvisioningStore {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string | null, at: number): Promise<void>;
  getLink(userId: string): Promise<GraphLinkRecord | null>;
  getLinkByEntraId(entraId: string): Promise<GraphLinkRecord | null>;
  listLinks(): Promise<GraphLinkRecord[]>;
  /** Inserts or replaces the link of `link.userId`. */
  putLink(link: GraphLinkRecord): Promise<void>;
  deleteLink(userId: string): Promise<boolean>;
  /** Creates a run and its whole journal in one transaction. */
  createRun(run: ProvisioningRun, entries: readonly JournalEntry[]): Promise<void>;
  getRun(id: string): Promise<ProvisioningRun | null>;
  /** The newest run still `applying` (a crash left it unfinished), or null. */
  unfinishedRun(): Promise<ProvisioningRun | null>;
  latestRun(status?: ProvisioningRun['status']): Promise<ProvisioningRun | null>;
  updateRun(id: string, patch: Partial<Pick<ProvisioningRun, 'status' | 'finishedAt' | 'counts'>>): Promise<void>;
  /** Deletes all but the newest `keep` runs in `status`, with their journals; returns how many went. */
  pruneRuns(status: ProvisioningRun['status'], keep: number): Promise<number>;
  journal(runId: string, status?: JournalStatus): Promise<JournalEntry[]>;
  /**
   * Records the outcome of one entry and, in the same transaction, the link change it caused
   * (`link` to put, or `unlink` a user id), so a crash can never separate "done" from its effect.
   */
  finishEntry(runId: string, seq: number, outcome: { status: JournalStatus; result: Record<string, unknown> | null; at: number; link?: GraphLinkRecord; unlink?: string }): Promise<void>;
}
