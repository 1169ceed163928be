// SPDX-License-Identifier: UNLICENSED
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createAuditLog } from '../../../agent/audit/audit-log.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import type { SealedSecretRecord, Store } from '../../../agent/store/store.js';
import { createKeyring } from '../../../agent/vault/keyring.js';
import { loadKeyring } from '../../../agent/vault/load-keyring.js';
import { generateMasterKeyLine, parseMasterKeyFile } from '../../../agent/vault/master-key-file.js';
import { rotateMasterKey, type RotateMasterKeyDeps } from '../../../agent/vault/rotate-master-key.js';
import { createVault } from '../../../agent/vault/vault.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { useSqliteStores, writeKeyFile } from './vault-fixtures.js';

const random = createSystemRandom();
const logger = createNullLogger();

interface Sealed {
  id: string;
  purpose: string;
  plaintext: Buffer;
}

describe('rotateMasterKey', () => {
  const tempDir = useTempDir('mfa-vault-');
  const openStore = useSqliteStores();

  async function setup(n: number, kids = ['k-old']): Promise<{ dir: string; file: string; store: Store; sealed: Sealed[] }> {
    const dir = tempDir();
    const file = writeKeyFile(dir, kids);
    const store = await openStore(join(dir, 'mfa.db'));
    const clock = fixedClock();
    const vault = createVault({ store: store.secrets, keyring: loadKeyring({ file }), clock, random, logger });
    const sealed: Sealed[] = [];
    for (let i = 0; i < n; i++) {
      const purpose = i % 3 === 0 ? 'signing-key' : 'token-seed';
      const plaintext = random.bytes(i % 3 === 0 ? 32 : 20);
      sealed.push({ id: await vault.seal(purpose, plaintext), purpose, plaintext });
      clock.advance(1);
    }
    return { dir, file, store, sealed };
  }

  const deps = (file: string, store: Store, extra: Partial<RotateMasterKeyDeps> = {}): RotateMasterKeyDeps => ({
    store: store.secrets, file, random, clock: fixedClock(), logger, ...extra,
  });
  const kidsInFile = (file: string): string[] => parseMasterKeyFile(readFileSync(file, 'utf8'), file).map((k) => k.kid);

  async function expectAllOpen(file: string, store: Store, sealed: readonly Sealed[]): Promise<void> {
    const vault = createVault({ store: store.secrets, keyring: loadKeyring({ file }), clock: fixedClock(), random, logger });
    for (const s of sealed) expect(await vault.open(s.id, s.purpose)).toEqual(s.plaintext);
  }

  test('rewraps 50 secrets in batches; the file then holds only the new key, and every secret opens', async () => {
    const { file, store, sealed } = await setup(50);
    const before = new Map<string, SealedSecretRecord>();
    for (const s of sealed) before.set(s.id, (await store.secrets.get(s.id))!);
    const progress: Array<[number, number]> = [];

    const result = await rotateMasterKey(deps(file, store, { batchSize: 7, onProgress: (d, t) => progress.push([d, t]) }));

    expect(result).toMatchObject({ oldKids: ['k-old'], rewrapped: 50, resumed: false });
    expect(result.newKid).toMatch(/^mk-[0-9a-f]{12}$/);
    expect(kidsInFile(file)).toEqual([result.newKid]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.secrets.countByKid()).toEqual({ [result.newKid]: 50 });
    expect(progress[0]).toEqual([0, 50]);
    expect(progress.at(-1)).toEqual([50, 50]);
    await expectAllOpen(file, store, sealed);
    for (const s of sealed) {
      const after = (await store.secrets.get(s.id))!;
      expect(after.payload.equals(before.get(s.id)!.payload)).toBe(true);
      expect(after.wrappedKey.equals(before.get(s.id)!.wrappedKey)).toBe(false);
    }
  });

  test('the retired key no longer opens anything', async () => {
    const { file, store, sealed } = await setup(3);
    const oldRing = loadKeyring({ file });
    await rotateMasterKey(deps(file, store));
    const oldVault = createVault({ store: store.secrets, keyring: oldRing, clock: fixedClock(), random, logger });
    await expect(oldVault.open(sealed[0]!.id, sealed[0]!.purpose)).rejects.toMatchObject({ code: 'ERR_VAULT_UNKNOWN_KEY' });
  });

  test.each([
    ['right after step 1 (new key written, nothing rewrapped)', 0],
    ['in the middle of step 2', 17],
    ['after step 2, before step 3', 50],
  ])('a crash %s leaves a file that opens everything, and a rerun resumes with the same key', async (_name, crashAt) => {
    const { file, store, sealed } = await setup(50);
    const crash = new Error('simulated crash');
    await expect(rotateMasterKey(deps(file, store, {
      batchSize: 10,
      onProgress: (done) => {
        if (done === crashAt) throw crash;
      },
    }))).rejects.toBe(crash);

    const [newKid, ...rest] = kidsInFile(file);
    expect(rest).toEqual(['k-old']);
    expect(await store.secrets.countByKid()).toEqual(
      crashAt === 50 ? { [newKid!]: 50 } : crashAt === 0 ? { 'k-old': 50 } : { [newKid!]: crashAt, 'k-old': 50 - crashAt },
    );
    await expectAllOpen(file, store, sealed);

    const result = await rotateMasterKey(deps(file, store));
    expect(result).toEqual({ oldKids: ['k-old'], newKid, rewrapped: 50 - crashAt, resumed: true });
    expect(kidsInFile(file)).toEqual([newKid]);
    await expectAllOpen(file, store, sealed);
  });

  test('rotates an empty store and a demo key to a production key', async () => {
    const { file, store } = await setup(0, ['demo-appliance']);
    const result = await rotateMasterKey(deps(file, store));
    expect(result.rewrapped).toBe(0);
    expect(result.newKid.startsWith('demo-')).toBe(false);
    expect(loadKeyring({ file }).isDemo).toBe(false);
  });

  test('refuses a key file inside $CREDENTIALS_DIRECTORY and points at --key-file; the file is untouched', async () => {
    const dir = tempDir();
    const creds = join(dir, 'credentials');
    mkdirSync(creds);
    const file = writeKeyFile(creds, ['k-old']);
    const text = readFileSync(file, 'utf8');
    const store = await openStore(join(dir, 'mfa.db'));
    await expect(rotateMasterKey(deps(file, store, { credentialsDirectory: creds }))).rejects.toMatchObject({
      code: 'ERR_VAULT_ROTATE',
      message: expect.stringContaining('--key-file'),
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('refuses before writing anything when the store holds secrets under a kid the file lacks', async () => {
    const { file, store } = await setup(2);
    const [stray] = parseMasterKeyFile(generateMasterKeyLine(random, 'k-lost'), 'mem');
    const lostVault = createVault({ store: store.secrets, keyring: createKeyring([stray!]), clock: fixedClock(), random, logger });
    await lostVault.seal('token-seed', random.bytes(20));
    const text = readFileSync(file, 'utf8');
    await expect(rotateMasterKey(deps(file, store))).rejects.toMatchObject({
      code: 'ERR_VAULT_UNKNOWN_KEY',
      data: { file, kids: ['k-lost'] },
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('a secret that cannot be unwrapped aborts the rotation and keeps the old key in the file', async () => {
    const { file, store, sealed } = await setup(5);
    const victim = (await store.secrets.get(sealed[2]!.id))!;
    const damaged = Buffer.from(victim.wrappedKey);
    damaged[30] = (damaged[30] ?? 0) ^ 0xff;
    await store.secrets.delete(victim.id);
    await store.secrets.put({ ...victim, wrappedKey: damaged });

    await expect(rotateMasterKey(deps(file, store))).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT', data: { id: victim.id } });
    expect(kidsInFile(file)).toHaveLength(2);
    await expectAllOpen(file, store, sealed.filter((s) => s.id !== victim.id));
  });

  test('records the run as a vault.rotated audit event, on success and on error', async () => {
    const { file, store } = await setup(4);
    const log = createAuditLog({ store: store.audit, clock: fixedClock(), logger });
    const audit = { log, actor: { id: 'cli:root', source: 'cli' } };
    const result = await rotateMasterKey(deps(file, store, { audit }));
    const [ok] = await store.audit.recent(1, { event: 'vault.rotated' });
    expect(ok).toMatchObject({
      actor: 'cli:root', source: 'cli', subject: result.newKid, outcome: 'success',
      details: { fromKids: ['k-old'], toKid: result.newKid, rewrapped: 4, remaining: 0 },
    });

    const crash = new Error('simulated crash');
    await expect(rotateMasterKey(deps(file, store, { audit, onProgress: (done) => { if (done === 1) throw crash; } }))).rejects.toBe(crash);
    const [failed] = await store.audit.recent(1, { event: 'vault.rotated' });
    const newKid = kidsInFile(file)[0];
    expect(failed).toMatchObject({
      subject: newKid, outcome: 'error',
      details: { fromKids: [result.newKid], toKid: newKid, rewrapped: 1, remaining: 3, reason: 'exception' },
    });
  });
});
