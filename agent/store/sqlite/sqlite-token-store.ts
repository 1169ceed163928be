// SPDX-License-Identifier: UNLICENSED
import type { SealedSecretRecord, TokenProgrammingChange, TokenProgrammingState, TokenRecord, TokenState, TokenStore } from '../store.js';
import type { SqliteDb } from './sqlite-types.js';
import { ADVANCE_COUNTER_SQL } from './advance-counter-sql.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';

interface TokenRow {
  id: string;
  serial: string;
  kind: TokenRecord['kind'];
  manufacturer: string;
  model: string;
  firmware: string | null;
  algorithm: TokenRecord['algorithm'];
  digits: number;
  period: number;
  user_id: string | null;
  state: TokenState;
  seed_secret_id: string | null;
  last_counter: number;
  drift: number;
  origin: TokenRecord['origin'];
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
  pending_seed_secret_id: string | null;
  device_key_secret_id: string | null;
}

const fromRow = (r: TokenRow): TokenRecord => ({
  id: r.id,
  serial: r.serial,
  kind: r.kind,
  manufacturer: r.manufacturer,
  model: r.model,
  firmware: r.firmware,
  algorithm: r.algorithm,
  digits: r.digits as TokenRecord['digits'],
  period: r.period as TokenRecord['period'],
  userId: r.user_id,
  state: r.state,
  seedSecretId: r.seed_secret_id,
  lastCounter: r.last_counter,
  drift: r.drift,
  origin: r.origin,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastUsedAt: r.last_used_at,
});

const PATCH_COLUMNS = {
  userId: 'user_id', state: 'state', seedSecretId: 'seed_secret_id', lastCounter: 'last_counter', drift: 'drift',
  kind: 'kind', manufacturer: 'manufacturer', model: 'model', firmware: 'firmware', algorithm: 'algorithm', digits: 'digits',
  period: 'period', origin: 'origin',
} as const;
const PROGRAMMING_COLUMNS = { pendingSeedSecretId: 'pending_seed_secret_id', deviceKeySecretId: 'device_key_secret_id' } as const;

/**
 * `SET` clause and parameters of an UPDATE from `values` (undefined fields skipped), guarded by `fromStates` and,
 * when given, by `owner` (a user id, or null for no user).
 */
function updateSql(id: string, values: Record<string, unknown>, columns: Record<string, string>, fromStates?: readonly TokenState[], owner?: string | null): { sql: string; params: Record<string, unknown> } {
  const sets = ['updated_at = @updatedAt'];
  const params: Record<string, unknown> = { id, updatedAt: values.updatedAt };
  for (const [field, column] of Object.entries(columns)) {
    const value = values[field];
    if (value === undefined) continue;
    sets.push(`${column} = @${field}`);
    params[field] = value;
  }
  let guard = '';
  if (fromStates) {
    guard = ` AND state IN (${fromStates.map((_, i) => `@from${i}`).join(', ') || 'NULL'})`;
    fromStates.forEach((s, i) => (params[`from${i}`] = s));
  }
  if (owner === null) guard += ' AND user_id IS NULL';
  else if (owner !== undefined) {
    guard += ' AND user_id = @owner';
    params.owner = owner;
  }
  return { sql: `UPDATE tokens SET ${sets.join(', ')} WHERE id = @id${guard}`, params };
}

const programmingOf = (r: TokenRow): TokenProgrammingState => ({
  pendingSeedSecretId: r.pending_seed_secret_id,
  deviceKeySecretId: r.device_key_secret_id,
});

/** Thrown inside the `applyProgramming` transaction to roll it back when the state guard fails. */
class GuardFailed extends Error {}

export function createSqliteTokenStore(db: SqliteDb): TokenStore {
  const insertToken = db.prepare(
    `INSERT INTO tokens (id, serial, kind, manufacturer, model, firmware, algorithm, digits, period, user_id, state,
       seed_secret_id, last_counter, drift, origin, created_at, updated_at, last_used_at)
     VALUES (@id, @serial, @kind, @manufacturer, @model, @firmware, @algorithm, @digits, @period, @userId, @state,
       @seedSecretId, @lastCounter, @drift, @origin, @createdAt, @updatedAt, @lastUsedAt)`,
  );
  const insertSecret = db.prepare(
    `INSERT INTO sealed_secrets (id, purpose, kid, wrapped_key, payload, created_at, updated_at)
     VALUES (@id, @purpose, @kid, @wrappedKey, @payload, @createdAt, @updatedAt)`,
  );
  const byId = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?');
  const bySerial = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE serial = ?');
  const advance = db.prepare(ADVANCE_COUNTER_SQL);

  const ofUser = db.prepare<[string, string], TokenRow>('SELECT * FROM tokens WHERE user_id = ? AND state = ?');
  const insertOne = (token: TokenRecord, seed: SealedSecretRecord | null): void => {
    if (seed) insertSecret.run(seed);
    insertToken.run(token);
  };
  const deleteSecret = db.prepare<[string]>('DELETE FROM sealed_secrets WHERE id = ?');
  const applyProgramming = db.transaction((id: string, change: TokenProgrammingChange, fromStates: readonly TokenState[]): boolean => {
    for (const secret of change.insert ?? []) insertSecret.run(secret);
    const { sql, params } = updateSql(id, { ...change.patch, ...change.programming, updatedAt: change.patch.updatedAt }, { ...PATCH_COLUMNS, ...PROGRAMMING_COLUMNS }, fromStates);
    if (db.prepare(sql).run(params).changes !== 1) {
      // Undo the inserts: the caller's guard failed, so nothing of the change may remain.
      throw new GuardFailed();
    }
    for (const secretId of change.destroy ?? []) deleteSecret.run(secretId);
    return true;
  });
  /** `list` statements by their SQL text (there are four shapes); preparing costs more than running. */
  const listStatements = new Map<string, ReturnType<typeof db.prepare<[Record<string, unknown>], TokenRow>>>();
  const insertMany = db.transaction((items: ReadonlyArray<{ token: TokenRecord; seed: SealedSecretRecord | null }>) => {
    for (const { token, seed } of items) insertOne(token, seed);
  });

  return {
    async create(token, seed) {
      rethrowUnique('token', () => insertMany([{ token, seed }]));
    },
    async createMany(items) {
      rethrowUnique('token', () => insertMany(items));
    },
    getById: rowReader(byId, fromRow),
    getBySerial: rowReader(bySerial, fromRow),
    async list(query = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: query.limit ?? -1, offset: query.offset ?? 0 };
      if (query.userId !== undefined) {
        where.push('user_id = @userId');
        params.userId = query.userId;
      }
      if (query.state !== undefined) {
        where.push('state = @state');
        params.state = query.state;
      }
      const sql = `SELECT * FROM tokens ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY serial COLLATE NOCASE LIMIT @limit OFFSET @offset`;
      let stmt = listStatements.get(sql);
      if (!stmt) listStatements.set(sql, (stmt = db.prepare<[Record<string, unknown>], TokenRow>(sql)));
      return stmt.all(params).map(fromRow);
    },
    async update(id, patch, fromStates, owner) {
      const { sql, params } = updateSql(id, { ...patch }, PATCH_COLUMNS, fromStates, owner);
      return db.prepare(sql).run(params).changes === 1;
    },
    async advanceCounter(id, counter, drift, at, state) {
      return advance.run({ tokenId: id, counter, drift, at, state }).changes === 1;
    },
    async listOfUser(userId, state) {
      return ofUser.all(userId, state).map(fromRow);
    },
    async programmingState(id) {
      const row = byId.get(id);
      return row ? programmingOf(row) : null;
    },
    async applyProgramming(id, change, fromStates) {
      try {
        return applyProgramming.immediate(id, change, fromStates);
      } catch (err) {
        if (err instanceof GuardFailed) return false;
        throw err;
      }
    },
  };
}
