// SPDX-License-Identifier: UNLICENSED
import type { MfaError } from '../../errors.js';
import type { GraphLinkRecord, JournalEntry } from '../../store/store.js';

/** The result of applying one journal entry, written with `finishEntry` (outcome and link change together). */
export interface EntryOutcome {
  entry: JournalEntry;
  status: 'done' | 'failed' | 'skipped';
  /** Entra ids on success; `{ code, message, graphCode, status }` on failure; `{ reason }` when skipped. */
  result: Record<string, unknown>;
  link?: GraphLinkRecord;
  unlink?: string;
  /** The fault behind a `failed` outcome. */
  error?: MfaError;
}
