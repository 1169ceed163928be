// SPDX-License-Identifier: UNLICENSED
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createSystemRandom } from '../../../agent/ports/random.js';
import type { Store } from '../../../agent/store/store.js';
import { loadKeyring } from '../../../agent/vault/load-keyring.js';
import { createVault, type Vault } from '../../../agent/vault/vault.js';
import { fixedClock, type FixedClock } from '../../helpers/fixed-clock.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { captureLogger, containsSecret, rawKeysOf, useSqliteStores, writeKeyFile, type LogEntry } from './vault-fixtures.js';

const random = createSystemRandom();

interface World {
  dir: string;
  dbPath: string;
  keyFile: string;
  store: Store;
  vault: Vault;
  clock: FixedClock;
  logs: LogEntry[];
}

describe('createVault', () => {
  const tempDir = useTempDir('mfa-vault-');
  const openStore = useSqliteStores();

  async function world(kids: string[] = ['k1']): Promise<World> {
    const dir = tempDir();
    const dbPath = join(dir, 'mfa.db');
    const keyFile = writeKeyFile(dir, kids);
    const store = await openStore(dbPath);
    const clock = fixedClock();
    const logger = captureLogger();
    const vault = createVault({ store: store.secrets, keyring: loadKeyring({ file: keyFile }), clock, random, logger });
    return { dir, dbPath, keyFile, store, vault, clock, logs: logger.entries };
  }

  test('seal stores a record under the active kid and open returns the plaintext', async () => {
    const w = await world(['k1', 'k0']);
    const seed = random.bytes(20);
    const id = await w.vault.seal('token-seed', seed);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const record = await w.store.secrets.get(id);
    expect(record).toMatchObject({ id, purpose: 'token-seed', kid: 'k1', createdAt: w.clock.now(), updatedAt: w.clock.now() });
    expect(await w.vault.open(id, 'token-seed')).toEqual(seed);
  });

  test('open with another purpose, or of an unknown id, is ERR_NOT_FOUND', async () => {
    const w = await world();
    const id = await w.vault.seal('token-seed', random.bytes(20));
    await expect(w.vault.open(id, 'signing-key')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND', data: { id, purpose: 'signing-key' } });
    await expect(w.vault.open(random.uuid(), 'token-seed')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  test('a sealed row copied to another id, or relabelled with another purpose, fails to open', async () => {
    const w = await world();
    const id = await w.vault.seal('token-seed', random.bytes(20));
    const record = (await w.store.secrets.get(id))!;
    const copyId = random.uuid();
    await w.store.secrets.put({ ...record, id: copyId });
    await expect(w.vault.open(copyId, 'token-seed')).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT' });
    const relabelId = random.uuid();
    await w.store.secrets.put({ ...record, id: relabelId, purpose: 'signing-key' });
    await expect(w.vault.open(relabelId, 'signing-key')).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT' });
  });

  test('replace keeps the id and createdAt, seals afresh, and the new plaintext opens', async () => {
    const w = await world();
    const id = await w.vault.seal('signing-key', Buffer.from('old key'));
    const before = (await w.store.secrets.get(id))!;
    w.clock.advance(60_000);
    await w.vault.replace(id, 'signing-key', Buffer.from('new key'));
    const after = (await w.store.secrets.get(id))!;
    expect(await w.vault.open(id, 'signing-key')).toEqual(Buffer.from('new key'));
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt).toBe(before.updatedAt + 60_000);
    expect(after.wrappedKey.equals(before.wrappedKey)).toBe(false);
    expect(after.payload.equals(before.payload)).toBe(false);
  });

  test('replace with another purpose is ERR_NOT_FOUND and leaves the secret intact', async () => {
    const w = await world();
    const id = await w.vault.seal('signing-key', Buffer.from('keep me'));
    await expect(w.vault.replace(id, 'token-seed', Buffer.from('x'))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(w.vault.replace(random.uuid(), 'token-seed', Buffer.from('x'))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect(await w.vault.open(id, 'signing-key')).toEqual(Buffer.from('keep me'));
  });

  test('destroy removes the secret once', async () => {
    const w = await world();
    const id = await w.vault.seal('token-seed', random.bytes(20));
    expect(await w.vault.destroy(id)).toBe(true);
    expect(await w.vault.destroy(id)).toBe(false);
    await expect(w.vault.open(id, 'token-seed')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  test('status reports the active kid and counts per kid', async () => {
    const w = await world();
    await w.vault.seal('token-seed', random.bytes(20));
    await w.vault.seal('token-seed', random.bytes(20));
    expect(await w.vault.status()).toEqual({ activeKid: 'k1', isDemo: false, countsByKid: { k1: 2 } });
  });

  test('a demo key is reported as such', async () => {
    const w = await world(['demo-appliance']);
    expect((await w.vault.status()).isDemo).toBe(true);
    expect(w.vault.isDemo).toBe(true);
    expect((await world(['mk-real']).then((p) => p.vault.status())).isDemo).toBe(false);
  });

  test('logs ids and purposes but never plaintext', async () => {
    const w = await world();
    const seed = random.bytes(20);
    const marker = Buffer.from('LOG-MARKER-never-logged-7781');
    const a = await w.vault.seal('token-seed', seed);
    const b = await w.vault.seal('signing-key', marker);
    await w.vault.open(a, 'token-seed');
    await w.vault.replace(b, 'signing-key', marker);
    await w.vault.destroy(a);
    const logged = JSON.stringify(w.logs);
    expect(logged).toContain(a);
    for (const secret of [seed, marker]) expect(containsSecret(logged, secret)).toBe(false);
  });

  test('JSON, util.inspect and enumerable properties of the vault show no key material', async () => {
    const w = await world(['k1', 'k0']);
    const shown = [
      JSON.stringify(w.vault),
      inspect(w.vault, { showHidden: true, depth: Infinity }),
      inspect(w.vault, { customInspect: false, showHidden: true, depth: Infinity }),
      JSON.stringify(Object.entries(w.vault)),
      String(w.vault),
    ];
    for (const raw of rawKeysOf(w.keyFile).values()) {
      for (const s of shown) expect(containsSecret(s, raw)).toBe(false);
    }
    expect(shown[1]).toBe('Vault { activeKid: "k1" }');
    expect(JSON.parse(shown[0] ?? '')).toEqual({ activeKid: 'k1', isDemo: false });
    expect(Object.keys(w.vault)).toEqual([]);
  });

  test('the database, WAL and SHM files never contain a secret, raw or encoded, nor a master key', async () => {
    const w = await world();
    const control = 'CONTROL-display-name-visible-3309';
    await w.store.users.create({
      id: random.uuid(), upn: 'control@contoso.com', displayName: control, immutableId: random.uuid(),
      enabled: true, passwordHash: null, createdAt: w.clock.now(), updatedAt: w.clock.now(),
    });
    const secrets = [
      random.bytes(20),
      random.bytes(20),
      Buffer.from('3132333435363738393031323334353637383930', 'hex'),
      Buffer.from('SEALED-MARKER-must-not-leak-0042'),
      random.bytes(32),
    ];
    const ids: string[] = [];
    for (const s of secrets) ids.push(await w.vault.seal(s.length === 32 ? 'signing-key' : 'token-seed', s));
    const replaced = random.bytes(20);
    const rid = await w.vault.seal('token-seed', replaced);
    await w.vault.replace(rid, 'token-seed', random.bytes(20));
    await w.vault.destroy(ids[0]!);
    secrets.push(replaced);

    const files = ['', '-wal', '-shm'].map((s) => w.dbPath + s);
    const read = (): Buffer => Buffer.concat(files.filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    const whileOpen = read();
    await w.store.close();
    const afterClose = read();
    const masterKeys = [...rawKeysOf(w.keyFile).values()];

    for (const bytes of [whileOpen, afterClose]) {
      expect(bytes.includes(Buffer.from(control))).toBe(true);
      for (const s of [...secrets, ...masterKeys]) expect(containsSecret(bytes, s)).toBe(false);
    }
  });
});
