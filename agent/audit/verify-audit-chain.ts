// SPDX-License-Identifier: UNLICENSED
import { GENESIS_HASH, hashAuditRecord } from './hash-record.js';
import type { AuditRecord, AuditStore } from '../store/store.js';

export type AuditChainBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'first_not_genesis';

export interface AuditChainBrokenLink {
  /** The seq of the first record that does not link. */
  seq: number;
  reason: AuditChainBreak;
  /** What the verifier computed or expected (a hash, or a seq as decimal text). */
  expected?: string;
  /** What the record holds. */
  actual?: string;
}

export type AuditChainResult =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; firstBroken: AuditChainBrokenLink };

export interface VerifyAuditChainOptions {
  /** Records read per `store.list` call; defaults to 500. */
  batchSize?: number;
  /** Called after each batch with the number of records verified so far. */
  onProgress?(checked: number): void;
}

/**
 * Walks the whole chain from seq 1 in batches (never holding more than one batch) and reports the
 * first broken link. Checks, in this order, for each record:
 * 1. `seq_gap`: its seq is not the previous seq + 1 (the first must be 1). `expected`/`actual` are seqs.
 * 2. `first_not_genesis`: the first record's `prevHash` is not `GENESIS_HASH`.
 * 3. `prev_hash_mismatch`: a later record's `prevHash` is not the previous record's `hash`.
 * 4. `hash_mismatch`: its `hash` is not `hashAuditRecord` of its own fields (content edited).
 * `checked` counts the records that passed. An empty log is sound, with `headHash` = `GENESIS_HASH`.
 * Records appended while it runs are verified too. Limit: removing records from the end of the log
 * leaves a sound but shorter chain; compare `checked`/`headHash` with an earlier run to notice that.
 * Store faults propagate.
 */
export async function verifyAuditChain(store: AuditStore, opts: VerifyAuditChainOptions = {}): Promise<AuditChainResult> {
  const batchSize = opts.batchSize ?? 500;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('verifyAuditChain: batchSize must be a positive integer');
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const batch = await store.list(lastSeq, batchSize);
    for (const record of batch) {
      const broken = checkLink(record, lastSeq, lastHash);
      if (broken) return { ok: false, checked, firstBroken: broken };
      lastSeq = record.seq;
      lastHash = record.hash;
      checked++;
    }
    if (batch.length > 0) opts.onProgress?.(checked);
    if (batch.length < batchSize) return { ok: true, checked, headHash: lastHash };
  }
}

function checkLink(record: AuditRecord, lastSeq: number, lastHash: string): AuditChainBrokenLink | null {
  const { seq } = record;
  if (seq !== lastSeq + 1) return { seq, reason: 'seq_gap', expected: String(lastSeq + 1), actual: String(seq) };
  if (record.prevHash !== lastHash) {
    const reason = lastSeq === 0 ? 'first_not_genesis' : 'prev_hash_mismatch';
    return { seq, reason, expected: lastHash, actual: record.prevHash };
  }
  let computed: string;
  try {
    computed = hashAuditRecord(seq, record.prevHash, record);
  } catch {
    computed = '(unhashable record)';
  }
  if (computed !== record.hash) return { seq, reason: 'hash_mismatch', expected: computed, actual: record.hash };
  return null;
}
