// SPDX-License-Identifier: UNLICENSED
import type { AcceptCandidate, LockoutClaim, LockoutFactor, LockoutParams, LockoutRecord, LockoutStore } from '../store.js';
import { ADVANCE_COUNTER_SQL } from './advance-counter-sql.js';
import type { SqliteDb } from './sqlite-types.js';

interface LockoutRow {
  user_id: string;
  factor: LockoutFactor;
  failures: number;
  next_allowed_at: number;
  last_attempt_at: number;
}

const fromRow = (r: LockoutRow): LockoutRecord => ({
  userId: r.user_id,
  factor: r.factor,
  failures: r.failures,
  nextAllowedAt: r.next_allowed_at,
  lastAttemptAt: r.last_attempt_at,
});

/**
 * Delay before the attempt after the `failures`-th: none while `failures < freeAttempts`, then
 * base, 2×base, 4×base … capped at `maxDelayMs` (RFC 4226 §7.3).
 */
export function lockoutDelayMs(failures: number, p: LockoutParams): number {
  if (failures < p.freeAttempts) return 0;
  const exp = Math.min(failures - p.freeAttempts, 40);
  return Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** exp);
}

export function createSqliteLockoutStore(db: SqliteDb): LockoutStore {
  const get = db.prepare<[string, string], LockoutRow>('SELECT * FROM lockouts WHERE user_id = ? AND factor = ?');
  const forUser = db.prepare<[string], LockoutRow>('SELECT * FROM lockouts WHERE user_id = ? ORDER BY factor');
  const clear = db.prepare('DELETE FROM lockouts WHERE user_id = ? AND factor = ?');

  // One statement: count the attempt unless hard-locked or delayed, and set the next delay (the same
  // arithmetic as lockoutDelayMs). No row returned means refused; only then is the record read back.
  const claim = db.prepare<[Record<string, unknown>], { failures: number }>(
    `INSERT INTO lockouts (user_id, factor, failures, next_allowed_at, last_attempt_at)
     VALUES (@userId, @factor, 1, @firstNext, @now)
     ON CONFLICT (user_id, factor) DO UPDATE SET
       failures = failures + 1,
       next_allowed_at = CASE WHEN failures + 1 >= @free
         THEN @now + min(@maxDelay, @base * (1 << min(failures + 1 - @free, 40))) ELSE 0 END,
       last_attempt_at = @now
     WHERE failures < @max AND next_allowed_at <= @now
     RETURNING failures`,
  );

  const advance = db.prepare(ADVANCE_COUNTER_SQL);
  const claimNow = (userId: string, factor: LockoutFactor, now: number, p: LockoutParams): LockoutClaim => {
    const firstDelay = lockoutDelayMs(1, p);
    const row = claim.get({
      userId, factor, now, firstNext: firstDelay > 0 ? now + firstDelay : 0,
      free: p.freeAttempts, base: p.baseDelayMs, maxDelay: p.maxDelayMs, max: p.maxFailures,
    });
    if (row) return { allowed: true, failures: row.failures };
    const r = get.get(userId, factor);
    const failures = r?.failures ?? 0;
    return { allowed: false, failures, nextAllowedAt: r?.next_allowed_at ?? 0, hardLocked: failures >= p.maxFailures };
  };
  const claimAndAccept = db.transaction((userId: string, factor: LockoutFactor, now: number, p: LockoutParams, candidates: readonly AcceptCandidate[]) => {
    const c = claimNow(userId, factor, now, p);
    if (!c.allowed) return { ...c, accepted: null };
    for (const candidate of candidates) {
      if (advance.run({ ...candidate, at: now }).changes !== 1) continue;
      clear.run(userId, factor);
      return { ...c, accepted: candidate };
    }
    return { ...c, accepted: null };
  });

  return {
    async claim(userId, factor, now, p) {
      return claimNow(userId, factor, now, p);
    },
    async claimAndAccept(userId, factor, now, p, candidates) {
      return claimAndAccept.immediate(userId, factor, now, p, candidates);
    },
    async clear(userId, factor) {
      clear.run(userId, factor);
    },
    async get(userId, factor) {
      const row = get.get(userId, factor);
      return row ? fromRow(row) : null;
    },
    async listForUser(userId) {
      return forUser.all(userId).map(fromRow);
    },
  };
}
