// SPDX-License-Identifier: UNLICENSED
import type { SealedSecretRecord, SigningKeyRecord, SigningKeyState, SigningKeyStore } from '../store.js';
import { rethrowUnique } from './rethrow-unique.js';
import { rowReader } from './row-reader.js';
import type { SqliteDb } from './sqlite-types.js';

interface KeyRow {
  id: string; state: SigningKeyState; secret_id: string | null; certificate: string; key_bits: number;
  not_before: number; not_after: number; created_at: number; activated_at: number | null; retired_at: number | null;
}

const fromRow = (r: KeyRow): SigningKeyRecord => ({
  id: r.id, state: r.state, secretId: r.secret_id, certificate: r.certificate, keyBits: r.key_bits,
  notBefore: r.not_before, notAfter: r.not_after, createdAt: r.created_at, activatedAt: r.activated_at, retiredAt: r.retired_at,
});

export function createSqliteSigningKeyStore(db: SqliteDb): SigningKeyStore {
  const insertSecret = db.prepare(`INSERT INTO sealed_secrets (id, purpose, kid, wrapped_key, payload, created_at, updated_at)
    VALUES (@id, @purpose, @kid, @wrappedKey, @payload, @createdAt, @updatedAt)`);
  const insert = db.prepare(`INSERT INTO signing_keys
    (id, state, secret_id, certificate, key_bits, not_before, not_after, created_at, activated_at, retired_at)
    VALUES (@id, @state, @secretId, @certificate, @keyBits, @notBefore, @notAfter, @createdAt, @activatedAt, @retiredAt)`);
  const get = db.prepare<[string], KeyRow>('SELECT * FROM signing_keys WHERE id = ?');
  const list = db.prepare<[], KeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC, rowid DESC');
  const retireCurrent = db.prepare("UPDATE signing_keys SET state = 'retired', retired_at = ? WHERE state = 'current'");
  const promote = db.prepare("UPDATE signing_keys SET state = 'current', activated_at = ? WHERE id = ? AND state = 'next'");
  const isNext = db.prepare<[string], { id: string }>("SELECT id FROM signing_keys WHERE id = ? AND state = 'next'");
  const retire = db.prepare("UPDATE signing_keys SET state = 'retired', retired_at = ?, secret_id = NULL WHERE id = ?");
  const delSecret = db.prepare('DELETE FROM sealed_secrets WHERE id = ?');

  const create = db.transaction((key: SigningKeyRecord, sealed: SealedSecretRecord) => {
    insertSecret.run(sealed);
    insert.run(key);
  });
  const promoteTx = db.transaction((nextId: string, at: number): boolean => {
    if (isNext.get(nextId) === undefined) return false;
    retireCurrent.run(at);
    return promote.run(at, nextId).changes === 1;
  });
  const retireTx = db.transaction((id: string, at: number): boolean => {
    const row = get.get(id);
    if (row === undefined) return false;
    retire.run(at, id);
    if (row.secret_id !== null) delSecret.run(row.secret_id);
    return true;
  });
  return {
    async create(key, sealed) {
      rethrowUnique('signing key', () => create.immediate(key, sealed));
    },
    get: rowReader(get, fromRow),
    async list() {
      return list.all().map(fromRow);
    },
    async promote(nextId, at) {
      return promoteTx.immediate(nextId, at);
    },
    async retire(id, at) {
      return retireTx.immediate(id, at);
    },
  };
}
