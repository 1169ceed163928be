// SPDX-License-Identifier: UNLICENSED
import { createDecipheriv } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import type { Random } from '../../../agent/ports/random.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { openEnvelope, rewrapEnvelope, sealEnvelope, type SealedEnvelope } from '../../../agent/vault/envelope.js';
import { createKeyring } from '../../../agent/vault/keyring.js';
import { generateMasterKeyLine, parseMasterKeyFile, type MasterKey } from '../../../agent/vault/master-key-file.js';

const random = createSystemRandom();
const keys = parseMasterKeyFile(['k1', 'k2'].map((k) => generateMasterKeyLine(random, k)).join('\n'), 'mem');
const [k1, k2] = keys as [MasterKey, MasterKey];
const ring = createKeyring([k1, k2]);
const ID = '5f0c7a52-94c5-4d4a-9a57-0d2b4a1e7c11';
const SEED = Buffer.from('3132333435363738393031323334353637383930', 'hex');

function seal(purpose = 'token-seed', id = ID, plaintext: Buffer = SEED): SealedEnvelope {
  return { id, purpose, ...sealEnvelope(ring, random, purpose, id, plaintext) };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof MfaError) return err.code;
    throw err;
  }
  return 'no error';
}

function flipped(b: Buffer, i: number): Buffer {
  const c = Buffer.from(b);
  c[i] = (c[i] ?? 0) ^ 0x01;
  return c;
}

describe('sealEnvelope', () => {
  test.each([0, 1, 20, 32, 1000])('round-trips %i bytes', (n) => {
    const plaintext = random.bytes(n);
    expect(openEnvelope(ring, seal('token-seed', ID, plaintext))).toEqual(plaintext);
  });

  test('follows the documented layout under the active key', () => {
    const r = seal();
    expect(r.kid).toBe('k1');
    expect(r.wrappedKey.length).toBe(1 + 12 + 32 + 16);
    expect(r.wrappedKey[0]).toBe(0x01);
    expect(r.payload.length).toBe(1 + 12 + SEED.length + 16);
    expect(r.payload[0]).toBe(0x01);
    // Decrypt by hand per the layout comment, independently of openEnvelope.
    const gcm = (key: Parameters<typeof createDecipheriv>[1], blob: Buffer, aad: string): Buffer => {
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13), { authTagLength: 16 });
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(blob.subarray(blob.length - 16));
      return Buffer.concat([d.update(blob.subarray(13, blob.length - 16)), d.final()]);
    };
    const dataKey = gcm(k1.key, r.wrappedKey, `mfa-wrap:v1:k1:${ID}:token-seed`);
    expect(dataKey.length).toBe(32);
    expect(gcm(dataKey, r.payload, `mfa-seal:v1:${ID}:token-seed`)).toEqual(SEED);
  });

  test('uses a fresh data key and IVs each time', () => {
    const a = seal();
    const b = seal();
    expect(a.payload.equals(b.payload)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  test('zeroes the data key it drew from Random', () => {
    const drawn: Buffer[] = [];
    const recording: Random = { bytes: (n) => { const b = random.bytes(n); drawn.push(b); return b; }, uuid: () => random.uuid() };
    sealEnvelope(ring, recording, 'token-seed', ID, SEED);
    const dataKeys = drawn.filter((b) => b.length === 32);
    expect(dataKeys).toHaveLength(1);
    expect(dataKeys[0]?.equals(Buffer.alloc(32))).toBe(true);
  });

  test.each([
    ['Token-Seed', ID],
    ['token:seed', ID],
    ['', ID],
    ['token-seed', 'a:b'],
    ['token-seed', ''],
    ['token-seed', 'x'.repeat(129)],
  ])('refuses purpose %j / id %j', (purpose, id) => {
    expect(codeOf(() => sealEnvelope(ring, random, purpose, id, SEED))).toBe('ERR_INVALID_INPUT');
  });
});

describe('openEnvelope', () => {
  const sealed = seal();

  test.each(Array.from({ length: 61 }, (_, i) => i))('refuses wrappedKey with byte %i altered', (i) => {
    expect(codeOf(() => openEnvelope(ring, { ...sealed, wrappedKey: flipped(sealed.wrappedKey, i) }))).toBe('ERR_VAULT_DECRYPT');
  });

  test.each(Array.from({ length: 1 + 12 + 20 + 16 }, (_, i) => i))('refuses payload with byte %i altered', (i) => {
    expect(codeOf(() => openEnvelope(ring, { ...sealed, payload: flipped(sealed.payload, i) }))).toBe('ERR_VAULT_DECRYPT');
  });

  test.each([
    ['a truncated wrappedKey', { wrappedKey: sealed.wrappedKey.subarray(0, 60) }],
    ['an extended wrappedKey', { wrappedKey: Buffer.concat([sealed.wrappedKey, Buffer.of(0)]) }],
    ['a truncated payload', { payload: sealed.payload.subarray(0, sealed.payload.length - 1) }],
    ['a payload cut to the header', { payload: sealed.payload.subarray(0, 13) }],
    ['an extended payload', { payload: Buffer.concat([sealed.payload, Buffer.of(0)]) }],
    ['empty blobs', { wrappedKey: Buffer.alloc(0), payload: Buffer.alloc(0) }],
    ['another id (row copied)', { id: '00000000-0000-4000-8000-000000000000' }],
    ['another purpose (relabelled)', { purpose: 'signing-key' }],
    ['another kid (relabelled)', { kid: 'k2' }],
  ])('refuses %s with ERR_VAULT_DECRYPT', (_name, change) => {
    expect(codeOf(() => openEnvelope(ring, { ...sealed, ...change }))).toBe('ERR_VAULT_DECRYPT');
  });

  test('refuses a payload paired with another secret’s wrapped key', () => {
    const other = seal();
    expect(codeOf(() => openEnvelope(ring, { ...sealed, wrappedKey: other.wrappedKey }))).toBe('ERR_VAULT_DECRYPT');
  });

  test('refuses a key file whose key under the same kid differs', () => {
    const [impostor] = parseMasterKeyFile(generateMasterKeyLine(random, 'k1'), 'mem');
    expect(codeOf(() => openEnvelope(createKeyring([impostor!]), sealed))).toBe('ERR_VAULT_DECRYPT');
  });

  test('an unknown kid is ERR_VAULT_UNKNOWN_KEY naming the kid', () => {
    const onlyK2 = createKeyring([k2]);
    expect(() => openEnvelope(onlyK2, sealed)).toThrow(
      expect.objectContaining({ code: 'ERR_VAULT_UNKNOWN_KEY', data: { id: ID, kid: 'k1' } }),
    );
  });

  test('the error names the record but quotes none of its bytes', () => {
    let err: unknown;
    try {
      openEnvelope(ring, { ...sealed, purpose: 'signing-key' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MfaError);
    const e = err as MfaError;
    expect(e.data).toEqual({ id: ID, purpose: 'signing-key', kid: 'k1' });
    expect(e.message).not.toContain(SEED.toString('hex'));
    expect(e.message).not.toContain(sealed.payload.toString('hex').slice(0, 16));
  });
});

describe('rewrapEnvelope', () => {
  test('rewraps the data key to the new kid; the unchanged payload opens with the new key alone', () => {
    const oldRing = createKeyring([k2, k1]);
    const sealed = { id: ID, purpose: 'token-seed', ...sealEnvelope(oldRing, random, 'token-seed', ID, SEED) };
    expect(sealed.kid).toBe('k2');
    const wrappedKey = rewrapEnvelope(ring, random, sealed, 'k1');
    expect(openEnvelope(createKeyring([k1]), { ...sealed, kid: 'k1', wrappedKey })).toEqual(SEED);
    expect(codeOf(() => openEnvelope(ring, { ...sealed, kid: 'k2', wrappedKey }))).toBe('ERR_VAULT_DECRYPT');
  });

  test('refuses a record it cannot unwrap, and an unknown target kid', () => {
    const sealed = seal();
    expect(codeOf(() => rewrapEnvelope(ring, random, { ...sealed, wrappedKey: flipped(sealed.wrappedKey, 20) }, 'k2'))).toBe('ERR_VAULT_DECRYPT');
    expect(codeOf(() => rewrapEnvelope(ring, random, sealed, 'k3'))).toBe('ERR_VAULT_UNKNOWN_KEY');
  });
});
