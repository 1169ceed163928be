// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createAuditLog } from '../../../agent/audit/audit-log.js';
import { GENESIS_HASH, hashAuditRecord } from '../../../agent/audit/hash-record.js';
import { verifyAuditChain } from '../../../agent/audit/verify-audit-chain.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import type { AuditRecord, AuditStore } from '../../../agent/store/store.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { dropAuditTriggers, useTempSqliteStore } from './use-temp-sqlite-store.js';
import type { TempSqliteStore } from './use-temp-sqlite-store.js';

const clock = fixedClock();
const openStore = useTempSqliteStore(clock);

/** A real store holding `n` chained records, and a raw connection with the append-only triggers dropped. */
async function chainOf(n: number): Promise<TempSqliteStore & { records: AuditRecord[]; tamper: ReturnType<TempSqliteStore['raw']> }> {
  const t = await openStore();
  const audit = createAuditLog({ store: t.store.audit, clock, logger: createNullLogger() });
  const records: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) {
    clock.advance(1000);
    records.push(await audit.record({
      event: 'group.member_added', actor: 'staff:hd@contoso.com', subject: `u${i}@contoso.com`, source: '10.0.0.9',
      outcome: 'success', details: { groupId: 'g1', group: 'MFA', userId: `u${i}` },
    }));
  }
  const tamper = t.raw();
  dropAuditTriggers(tamper);
  return { ...t, records, tamper };
}

/** The real store's audit side, with every `list` call's limit and result size kept for assertions. */
function recordingLists(inner: AuditStore, calls: Array<{ limit: number; got: number }>): AuditStore {
  return {
    append: (input, seal) => inner.append(input, seal),
    recent: (limit, filter) => inner.recent(limit, filter),
    head: () => inner.head(),
    async list(afterSeq, limit) {
      const got = await inner.list(afterSeq, limit);
      calls.push({ limit, got: got.length });
      return got;
    },
  };
}

describe('verifyAuditChain', () => {
  test('an empty log is sound', async () => {
    const { store } = await openStore();
    expect(await verifyAuditChain(store.audit)).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH });
  });

  test('streams a sound chain in batches and reports progress', async () => {
    const { store, records } = await chainOf(10);
    const calls: Array<{ limit: number; got: number }> = [];
    const progress: number[] = [];
    const result = await verifyAuditChain(recordingLists(store.audit, calls), { batchSize: 3, onProgress: (n) => progress.push(n) });
    expect(result).toEqual({ ok: true, checked: 10, headHash: records[9]!.hash });
    expect(progress).toEqual([3, 6, 9, 10]);
    expect(calls).toEqual([{ limit: 3, got: 3 }, { limit: 3, got: 3 }, { limit: 3, got: 3 }, { limit: 3, got: 1 }]);
  });

  test('asks once more when the last batch is exactly full', async () => {
    const { store } = await chainOf(4);
    const calls: Array<{ limit: number; got: number }> = [];
    expect(await verifyAuditChain(recordingLists(store.audit, calls), { batchSize: 2 })).toMatchObject({ ok: true, checked: 4 });
    expect(calls.map((c) => c.got)).toEqual([2, 2, 0]);
  });

  test('finds an edited record (hash_mismatch) after the triggers were dropped', async () => {
    const { store, tamper, records } = await chainOf(6);
    tamper.prepare("UPDATE audit_log SET details = ? WHERE seq = 4").run(JSON.stringify({ groupId: 'g1', group: 'Admins', userId: 'u4' }));
    const edited = (await store.audit.list(3, 1))[0]!;
    expect(await verifyAuditChain(store.audit, { batchSize: 2 })).toEqual({
      ok: false,
      checked: 3,
      firstBroken: { seq: 4, reason: 'hash_mismatch', expected: hashAuditRecord(4, records[2]!.hash, edited), actual: records[3]!.hash },
    });
  });

  test('reports the FIRST broken link when two are broken', async () => {
    const { store, tamper } = await chainOf(8);
    tamper.prepare("UPDATE audit_log SET actor = 'staff:mallory@contoso.com' WHERE seq = 7").run();
    tamper.prepare("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3").run();
    const result = await verifyAuditChain(store.audit, { batchSize: 5 });
    expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  test('finds a deleted record (seq_gap)', async () => {
    const { store, tamper } = await chainOf(7);
    tamper.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(await verifyAuditChain(store.audit, { batchSize: 2 })).toEqual({
      ok: false, checked: 4, firstBroken: { seq: 6, reason: 'seq_gap', expected: '5', actual: '6' },
    });
  });

  test('finds deleted leading records (seq_gap at the start)', async () => {
    const { store, tamper } = await chainOf(3);
    tamper.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    expect(await verifyAuditChain(store.audit)).toEqual({
      ok: false, checked: 0, firstBroken: { seq: 2, reason: 'seq_gap', expected: '1', actual: '2' },
    });
  });

  test('finds a truncated and renumbered start (first_not_genesis)', async () => {
    const { store, tamper, records } = await chainOf(6);
    tamper.prepare('DELETE FROM audit_log WHERE seq <= 2').run();
    tamper.prepare('UPDATE audit_log SET seq = seq - 2').run();
    expect(await verifyAuditChain(store.audit)).toEqual({
      ok: false, checked: 0, firstBroken: { seq: 1, reason: 'first_not_genesis', expected: GENESIS_HASH, actual: records[1]!.hash },
    });
  });

  test('finds a record edited and re-hashed, at the next link (prev_hash_mismatch)', async () => {
    const { store, tamper, records } = await chainOf(6);
    const forged = { ...records[2]!, subject: 'mallory@contoso.com' };
    const forgedHash = hashAuditRecord(3, forged.prevHash, forged);
    tamper.prepare('UPDATE audit_log SET subject = ?, hash = ? WHERE seq = 3').run(forged.subject, forgedHash);
    expect(await verifyAuditChain(store.audit)).toEqual({
      ok: false, checked: 3, firstBroken: { seq: 4, reason: 'prev_hash_mismatch', expected: forgedHash, actual: records[2]!.hash },
    });
  });

  test('reports a record whose details cannot be hashed as hash_mismatch', async () => {
    const { store, tamper, records } = await chainOf(2);
    tamper.prepare("UPDATE audit_log SET details = '{\"n\":1e999}' WHERE seq = 2").run();
    expect(await verifyAuditChain(store.audit)).toEqual({
      ok: false, checked: 1, firstBroken: { seq: 2, reason: 'hash_mismatch', expected: '(unhashable record)', actual: records[1]!.hash },
    });
  });

  test.each([0, -1, 1.5])('rejects batchSize %s', async (batchSize) => {
    const { store } = await openStore();
    await expect(verifyAuditChain(store.audit, { batchSize })).rejects.toThrow(RangeError);
  });
});
