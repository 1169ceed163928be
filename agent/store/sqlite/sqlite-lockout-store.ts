// SPDX-License-Identifier: UNLICENSED
import type { LockoutClaim, LockoutFactor, LockoutParams, LockoutRecord, LockoutStore } from '../store.js';
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
  const upsert = db.prepare(
    `INSERT INTO lockouts (user_id, factor, failures, next_allowed_at, last_attempt_at)
     VALUES (@userId, @factor, @failures, @nextAllowedAt, @now)
     ON CONFLICT (user_id, factor) DO UPDATE SET
       failures = excluded.failures, next_allowed_at = excluded.next_allowed_at, last_attempt_at = excluded.last_attempt_at`,
  );
  const clear = db.prepare('DELETE FROM lockouts WHERE user_id = ? AND factor = ?');

  // BEGIN IMMEDIATE: the read and the write hold the write lock together, across processes too.
  const claim = db.transaction((userId: string, factor: LockoutFactor, now: number, p: LockoutParams): LockoutClaim => {
    const row = get.get(userId, factor);
    const failures = row?.failures ?? 0;
    const nextAllowedAt = row?.next_allowed_at ?? 0;
    if (failures >= p.maxFailures) return { allowed: false, failures, nextAllowedAt, hardLocked: true };
    if (now < nextAllowedAt) return { allowed: false, failures, nextAllowedAt, hardLocked: false };
    const next = failures + 1;
    const delay = lockoutDelayMs(next, p);
    upsert.run({ userId, factor, failures: next, nextAllowedAt: delay > 0 ? now + delay : 0, now });
    return { allowed: true, failures: next };
  });

  return {
    async claim(userId, factor, now, params) {
      return claim.immediate(userId, factor, now, params);
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
