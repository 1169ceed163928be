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

/** Appends run in `BEGIN IMMEDIATE` transactions, so two processes on one file cannot fork the chain. */
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
  const append = db.transaction((input: Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>, seal: (seq: number, prev: string) => string) => {
    const h = head.get();
    const seq = (h?.seq ?? 0) + 1;
    const prevHash = h?.hash ?? GENESIS;
    const hash = seal(seq, prevHash);
    const record: AuditRecord = { ...input, seq, prevHash, hash };
    insert.run({ ...record, details: JSON.stringify(record.details) });
    return record;
  });

  return {
    async append(input, seal) {
      return append.immediate({ ...input, subject: input.subject ?? null }, seal);
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
