// SPDX-License-Identifier: UNLICENSED
/**
 * Envelope encryption, pure functions: every secret gets its own random 32-byte data key, the data
 * key encrypts the secret, and a master key (named by `kid`) wraps the data key. Both use AES-256-GCM
 * with a random 96-bit IV and a 128-bit tag.
 *
 * Byte layouts (format version 0x01):
 * ```
 * wrappedKey (61 bytes) = 0x01 ‖ iv(12) ‖ AES-256-GCM(masterKey[kid], dataKey(32)) ‖ tag(16)
 *                         aad = "mfa-wrap:v1:" + kid + ":" + id + ":" + purpose
 * payload  (29+n bytes) = 0x01 ‖ iv(12) ‖ AES-256-GCM(dataKey, plaintext(n)) ‖ tag(16)
 *                         aad = "mfa-seal:v1:" + id + ":" + purpose
 * ```
 * Binding `id` and `purpose` means a blob copied to another row or relabelled with another purpose
 * fails to open. `kid`, `purpose` and `id` never contain ':' (enforced on seal), so the AAD strings
 * are unambiguous. Every failure to open is `ERR_VAULT_DECRYPT` with no hint of which byte was wrong.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { MfaError } from '../errors.js';
import type { Random } from '../ports/random.js';
import type { Keyring } from './keyring.js';

const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
const OVERHEAD = 1 + IV_BYTES + TAG_BYTES;
const WRAPPED_KEY_BYTES = OVERHEAD + DATA_KEY_BYTES;
const PURPOSE_RE = /^[a-z][a-z0-9-]{0,63}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** The sealed parts that are stored next to a secret's id and purpose. */
export interface EnvelopeParts {
  kid: string;
  wrappedKey: Buffer;
  payload: Buffer;
}

/** What `openEnvelope` needs from a stored record. */
export interface SealedEnvelope extends EnvelopeParts {
  id: string;
  purpose: string;
}

const wrapAad = (kid: string, id: string, purpose: string): Buffer => Buffer.from(`mfa-wrap:v1:${kid}:${id}:${purpose}`, 'utf8');
const sealAad = (id: string, purpose: string): Buffer => Buffer.from(`mfa-seal:v1:${id}:${purpose}`, 'utf8');

function encrypt(key: KeyObject | Buffer, random: Random, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = random.bytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT), iv, body, cipher.getAuthTag()]);
}

/** The plaintext, or null when the layout is wrong or authentication fails. */
function decrypt(key: KeyObject | Buffer, blob: Buffer, aad: Buffer): Buffer | null {
  if (blob.length < OVERHEAD || blob[0] !== FORMAT) return null;
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const out = decipher.update(blob.subarray(1 + IV_BYTES, blob.length - TAG_BYTES));
  try {
    return Buffer.concat([out, decipher.final()]);
  } catch {
    return null;
  } finally {
    out.fill(0);
  }
}

function masterKey(keyring: Keyring, kid: string, id: string): KeyObject {
  const key = keyring.get(kid);
  if (key === undefined) {
    throw new MfaError(
      'ERR_VAULT_UNKNOWN_KEY',
      `secret ${id} is wrapped by master key ${kid}, which is not in the master key file; restore that key's line`,
      { data: { id, kid } },
    );
  }
  return key;
}

function decryptFailed(r: Pick<SealedEnvelope, 'id' | 'purpose' | 'kid'>): MfaError {
  return new MfaError(
    'ERR_VAULT_DECRYPT',
    `sealed secret ${r.id} (${r.purpose}) could not be opened: wrong master key, or the record was altered or moved`,
    { data: { id: r.id, purpose: r.purpose, kid: r.kid } },
  );
}

function unwrapDataKey(keyring: Keyring, r: Pick<SealedEnvelope, 'id' | 'purpose' | 'kid' | 'wrappedKey'>): Buffer {
  const key = masterKey(keyring, r.kid, r.id);
  const dataKey = r.wrappedKey.length === WRAPPED_KEY_BYTES ? decrypt(key, r.wrappedKey, wrapAad(r.kid, r.id, r.purpose)) : null;
  if (dataKey === null) throw decryptFailed(r);
  return dataKey;
}

/**
 * Seals `plaintext` for secret `id` under the keyring's active key with a fresh data key, which is
 * zeroed before returning. Throws `ERR_INVALID_INPUT` when `purpose` is not `[a-z][a-z0-9-]{0,63}` or
 * `id` is not `[A-Za-z0-9_-]{1,128}`.
 */
export function sealEnvelope(keyring: Keyring, random: Random, purpose: string, id: string, plaintext: Buffer): EnvelopeParts {
  if (!PURPOSE_RE.test(purpose)) throw new MfaError('ERR_INVALID_INPUT', 'a secret purpose must match [a-z][a-z0-9-]{0,63}', { data: { purpose } });
  if (!ID_RE.test(id)) throw new MfaError('ERR_INVALID_INPUT', 'a secret id must match [A-Za-z0-9_-]{1,128}', { data: { id } });
  const kid = keyring.active;
  const key = masterKey(keyring, kid, id);
  const dataKey = random.bytes(DATA_KEY_BYTES);
  try {
    const payload = encrypt(dataKey, random, plaintext, sealAad(id, purpose));
    const wrappedKey = encrypt(key, random, dataKey, wrapAad(kid, id, purpose));
    return { kid, wrappedKey, payload };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The plaintext of a sealed record. Throws `ERR_VAULT_UNKNOWN_KEY` when `kid` is not in the keyring
 * and `ERR_VAULT_DECRYPT` for any malformed, altered, moved or relabelled record.
 */
export function openEnvelope(keyring: Keyring, record: SealedEnvelope): Buffer {
  const dataKey = unwrapDataKey(keyring, record);
  try {
    const plaintext = decrypt(dataKey, record.payload, sealAad(record.id, record.purpose));
    if (plaintext === null) throw decryptFailed(record);
    return plaintext;
  } finally {
    dataKey.fill(0);
  }
}

/**
 * A new `wrappedKey` holding the same data key, wrapped by master key `newKid`; the payload stays
 * valid unchanged. Throws like `openEnvelope` when the current wrapping cannot be opened.
 */
export function rewrapEnvelope(
  keyring: Keyring,
  random: Random,
  record: Pick<SealedEnvelope, 'id' | 'purpose' | 'kid' | 'wrappedKey'>,
  newKid: string,
): Buffer {
  const newKey = masterKey(keyring, newKid, record.id);
  const dataKey = unwrapDataKey(keyring, record);
  try {
    return encrypt(newKey, random, dataKey, wrapAad(newKid, record.id, record.purpose));
  } finally {
    dataKey.fill(0);
  }
}
