// SPDX-License-Identifier: UNLICENSED
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { openSqliteStore } from '../../../../agent/store/sqlite/open-sqlite-store.js';
import type { SealedSecretRecord, Store, TokenRecord } from '../../../../agent/store/store.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir();
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function fresh(): Promise<Store> {
  const s = await openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger: createNullLogger() });
  stores.push(s);
  return s;
}

const secret = (id: string, purpose = 'token-seed'): SealedSecretRecord => ({ id, purpose, kid: 'k1', wrappedKey: Buffer.from('w'), payload: Buffer.from(id), createdAt: 1, updatedAt: 1 });
const token = (over: Partial<TokenRecord> = {}): TokenRecord => ({
  id: 't1', serial: 'SER-1', kind: 'hardware_totp', manufacturer: 'Token2', model: 'C302', firmware: null, algorithm: 'SHA1', digits: 6, period: 30,
  userId: null, state: 'active', seedSecretId: 'old', lastCounter: 40, drift: 1, origin: 'import', createdAt: 1, updatedAt: 1, lastUsedAt: null, ...over,
});

describe('sqlite token store: programming (schema v5)', () => {
  it('applyProgramming inserts, patches (descriptive fields too) and destroys in one transaction', async () => {
    const store = await fresh();
    await store.tokens.create(token(), secret('old'));
    expect(await store.tokens.programmingState('t1')).toEqual({ pendingSeedSecretId: null, deviceKeySecretId: null });
    const ok = await store.tokens.applyProgramming('t1', {
      patch: { state: 'needs_reprogramming', seedSecretId: null, lastCounter: -1, drift: 0, algorithm: 'SHA256', model: 'miniOTP-2-i', firmware: '1.0', origin: 'program', updatedAt: 5 },
      programming: { pendingSeedSecretId: 'p1', deviceKeySecretId: 'k1' },
      insert: [secret('p1'), secret('k1', 'token-device-key')],
      destroy: ['old'],
    }, ['active']);
    expect(ok).toBe(true);
    expect(await store.tokens.getById('t1')).toMatchObject({
      state: 'needs_reprogramming', seedSecretId: null, lastCounter: -1, drift: 0, algorithm: 'SHA256', model: 'miniOTP-2-i', firmware: '1.0', origin: 'program', updatedAt: 5,
    });
    expect(await store.tokens.programmingState('t1')).toEqual({ pendingSeedSecretId: 'p1', deviceKeySecretId: 'k1' });
    expect(await store.secrets.get('old')).toBeNull();
    expect((await store.secrets.get('k1'))?.purpose).toBe('token-device-key');
    // A TokenRecord carries no programming reference.
    expect(Object.keys((await store.tokens.getById('t1')) ?? {})).not.toContain('pendingSeedSecretId');
  });

  it('changes nothing when the state guard fails: no secret inserted, none destroyed', async () => {
    const store = await fresh();
    await store.tokens.create(token(), secret('old'));
    const ok = await store.tokens.applyProgramming('t1', {
      patch: { state: 'programmed', seedSecretId: 'p2', updatedAt: 9 }, programming: { pendingSeedSecretId: null }, insert: [secret('p2')], destroy: ['old'],
    }, ['needs_reprogramming']);
    expect(ok).toBe(false);
    expect(await store.secrets.get('p2')).toBeNull();
    expect(await store.secrets.get('old')).not.toBeNull();
    expect(await store.tokens.getById('t1')).toEqual(token());
    expect(await store.tokens.applyProgramming('nope', { patch: { updatedAt: 1 } }, ['active'])).toBe(false);
    expect(await store.tokens.programmingState('nope')).toBeNull();
  });

  it('refuses to destroy a secret the row still references (the foreign key), rolling the whole change back', async () => {
    const store = await fresh();
    await store.tokens.create(token(), secret('old'));
    await expect(store.tokens.applyProgramming('t1', { patch: { state: 'suspended', updatedAt: 2 }, insert: [secret('p3')], destroy: ['old'] }, ['active'])).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.tokens.getById('t1')).toEqual(token());
    expect(await store.secrets.get('p3')).toBeNull();
  });
});
