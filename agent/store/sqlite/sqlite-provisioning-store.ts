// SPDX-License-Identifier: UNLICENSED
import type { GraphLinkRecord, JournalEntry, JournalStatus, ProvisioningRun, ProvisioningStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';

interface LinkRow { user_id: string; entra_id: string; state: GraphLinkRecord['state']; applied_hash: string; updated_at: number }
interface RunRow { id: string; started_at: number; finished_at: number | null; status: ProvisioningRun['status']; counts: string }
interface JournalRow {
  run_id: string; seq: number; kind: string; subject: string; payload: string; status: JournalStatus;
  result: string | null; attempts: number; updated_at: number;
}

const link = (r: LinkRow): GraphLinkRecord => ({ userId: r.user_id, entraId: r.entra_id, state: r.state, appliedHash: r.applied_hash, updatedAt: r.updated_at });
const run = (r: RunRow): ProvisioningRun => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, counts: JSON.parse(r.counts) as Record<string, number> });
const entry = (r: JournalRow): JournalEntry => ({
  runId: r.run_id, seq: r.seq, kind: r.kind, subject: r.subject, payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status, result: r.result === null ? null : (JSON.parse(r.result) as Record<string, unknown>), attempts: r.attempts, updatedAt: r.updated_at,
});

export function createSqliteProvisioningStore(db: SqliteDb): ProvisioningStore {
  const getSetting = db.prepare<[string], { value: string }>('SELECT value FROM graph_settings WHERE key = ?');
  const putSetting = db.prepare(`INSERT INTO graph_settings (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const delSetting = db.prepare('DELETE FROM graph_settings WHERE key = ?');
  const getLink = db.prepare<[string], LinkRow>('SELECT * FROM graph_links WHERE user_id = ?');
  const getLinkByEntra = db.prepare<[string], LinkRow>('SELECT * FROM graph_links WHERE entra_id = ?');
  const allLinks = db.prepare<[], LinkRow>('SELECT * FROM graph_links ORDER BY user_id');
  const putLink = db.prepare(`INSERT INTO graph_links (user_id, entra_id, state, applied_hash, updated_at)
    VALUES (@userId, @entraId, @state, @appliedHash, @updatedAt)
    ON CONFLICT (user_id) DO UPDATE SET entra_id = excluded.entra_id, state = excluded.state,
      applied_hash = excluded.applied_hash, updated_at = excluded.updated_at`);
  const delLink = db.prepare('DELETE FROM graph_links WHERE user_id = ?');
  const insertRun = db.prepare('INSERT INTO graph_runs (id, started_at, finished_at, status, counts) VALUES (@id, @startedAt, @finishedAt, @status, @counts)');
  const insertEntry = db.prepare(`INSERT INTO graph_journal (run_id, seq, kind, subject, payload, status, result, attempts, updated_at)
    VALUES (@runId, @seq, @kind, @subject, @payload, @status, @result, @attempts, @updatedAt)`);
  const getRun = db.prepare<[string], RunRow>('SELECT * FROM graph_runs WHERE id = ?');
  const unfinished = db.prepare<[], RunRow>("SELECT * FROM graph_runs WHERE status = 'applying' ORDER BY started_at DESC LIMIT 1");
  const latest = db.prepare<[], RunRow>('SELECT * FROM graph_runs ORDER BY started_at DESC, rowid DESC LIMIT 1');
  const latestWith = db.prepare<[string], RunRow>('SELECT * FROM graph_runs WHERE status = ? ORDER BY started_at DESC, rowid DESC LIMIT 1');
  const journalAll = db.prepare<[string], JournalRow>('SELECT * FROM graph_journal WHERE run_id = ? ORDER BY seq');
  const journalWith = db.prepare<[string, string], JournalRow>('SELECT * FROM graph_journal WHERE run_id = ? AND status = ? ORDER BY seq');
  const finish = db.prepare(`UPDATE graph_journal SET status = @status, result = @result, attempts = attempts + 1, updated_at = @at
    WHERE run_id = @runId AND seq = @seq`);

  const prune = db.prepare(`DELETE FROM graph_runs WHERE status = @status AND id NOT IN
    (SELECT id FROM graph_runs WHERE status = @status ORDER BY started_at DESC, rowid DESC LIMIT @keep)`);
  const createRun = db.transaction((r: ProvisioningRun, entries: readonly JournalEntry[]) => {
    insertRun.run({ ...r, counts: JSON.stringify(r.counts) });
    for (const e of entries) insertEntry.run({ ...e, payload: JSON.stringify(e.payload), result: e.result === null ? null : JSON.stringify(e.result) });
  });
  const finishEntry = db.transaction((runId: string, seq: number, o: Parameters<ProvisioningStore['finishEntry']>[2]) => {
    finish.run({ runId, seq, status: o.status, result: o.result === null ? null : JSON.stringify(o.result), at: o.at });
    if (o.link) putLink.run(o.link);
    if (o.unlink !== undefined) delLink.run(o.unlink);
  });

  return {
    async getSetting(key) {
      return getSetting.get(key)?.value ?? null;
    },
    async setSetting(key, value, at) {
      if (value === null) delSetting.run(key);
      else putSetting.run(key, value, at);
    },
    async getLink(userId) {
      const r = getLink.get(userId);
      return r ? link(r) : null;
    },
    async getLinkByEntraId(entraId) {
      const r = getLinkByEntra.get(entraId);
      return r ? link(r) : null;
    },
    async listLinks() {
      return allLinks.all().map(link);
    },
    async putLink(l) {
      putLink.run(l);
    },
    async deleteLink(userId) {
      return delLink.run(userId).changes === 1;
    },
    async createRun(r, entries) {
      createRun(r, entries);
    },
    async getRun(id) {
      const r = getRun.get(id);
      return r ? run(r) : null;
    },
    async unfinishedRun() {
      const r = unfinished.get();
      return r ? run(r) : null;
    },
    async latestRun(status) {
      const r = status ? latestWith.get(status) : latest.get();
      return r ? run(r) : null;
    },
    async updateRun(id, patch) {
      const sets: string[] = [];
      const params: Record<string, unknown> = { id };
      if (patch.status !== undefined) { sets.push('status = @status'); params.status = patch.status; }
      if (patch.finishedAt !== undefined) { sets.push('finished_at = @finishedAt'); params.finishedAt = patch.finishedAt; }
      if (patch.counts !== undefined) { sets.push('counts = @counts'); params.counts = JSON.stringify(patch.counts); }
      if (sets.length) db.prepare(`UPDATE graph_runs SET ${sets.join(', ')} WHERE id = @id`).run(params);
    },
    async pruneRuns(status, keep) {
      return prune.run({ status, keep }).changes;
    },
    async journal(runId, status) {
      return (status ? journalWith.all(runId, status) : journalAll.all(runId)).map(entry);
    },
    async finishEntry(runId, seq, outcome) {
      finishEntry(runId, seq, outcome);
    },
  };
}
