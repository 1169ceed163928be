// SPDX-License-Identifier: UNLICENSED
import type { AuditOutcome, AuditRecord, AuditStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';

interface AuditRow {
  seq: number;
  ts: number;
  event: string;
  actor: string;
  subject: string | null;
  source: string;
  outcome: AuditOutcome;
  details: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

const fromRow = (r: AuditRow): AuditRecord => ({
  seq: r.seq,
  ts: r.ts,
  event: r.event,
  actor: r.actor,
  subject: r.subject,
  source: r.source,
  outcome: r.outcome,
  details: parseDetails(r.details),
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** A row whose details are not JSON (tampered) still loads, so the verifier reports it as a hash mismatch. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { unparseableDetails: text };
}

interface PendingAppend {
  input: Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;
  seal: (seq: number, prev: string) => string;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

/**
 * Appends are group-committed: those made in the same event-loop turn are written by one `BEGIN IMMEDIATE`
 * transaction on the next turn (so two processes on one file still cannot fork the chain, and a busy
 * verify API pays one commit per batch, not per record). Each append settles on its own: a `seal` that
 * throws rejects that append only and writes nothing for it; a failed transaction rejects the whole batch.
 */
export function createSqliteAuditStore(db: SqliteDb): AuditStore {
  const head = db.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, ts, event, actor, subject, source, outcome, details, prev_hash, hash)
     VALUES (@seq, @ts, @event, @actor, @subject, @source, @outcome, @details, @prevHash, @hash)`,
  );
  const list = db.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const appendBatch = db.transaction((batch: PendingAppend[]) => {
    const h = head.get();
    let seq = h?.seq ?? 0;
    let prevHash = h?.hash ?? GENESIS;
    const settled: Array<() => void> = [];
    for (const p of batch) {
      let hash: string;
      try {
        hash = p.seal(seq + 1, prevHash);
      } catch (err) {
        settled.push(() => p.reject(err));
        continue;
      }
      const record: AuditRecord = { ...p.input, seq: seq + 1, prevHash, hash };
      insert.run({ ...record, details: JSON.stringify(record.details) });
      seq += 1;
      prevHash = hash;
      settled.push(() => p.resolve(record));
    }
    return settled;
  });
  let pending: PendingAppend[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    let settled: Array<() => void>;
    try {
      settled = appendBatch.immediate(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const settle of settled) settle();
  };

  return {
    append(input, seal) {
      return new Promise<AuditRecord>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ input: { ...input, subject: input.subject ?? null }, seal, resolve, reject });
      });
    },
    async list(afterSeq, limit) {
      return list.all(afterSeq, limit).map(fromRow);
    },
    async recent(limit, filter = {}) {
      const where: string[] = [];
      if (filter.event !== undefined) where.push('event = @event');
      if (filter.subject !== undefined) where.push('subject = @subject');
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ORDER BY seq DESC LIMIT @limit`;
      return db.prepare<[Record<string, unknown>], AuditRow>(sql).all({ ...filter, limit }).map(fromRow);
    },
    async head() {
      return head.get() ?? null;
    },
  };
}
