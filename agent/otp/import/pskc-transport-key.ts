// SPDX-License-Identifier: UNLICENSED
/**
 * RFC 6030 §6.1–6.2: the key that decrypts a container's EncryptedValues and MACKey.
 * - `<EncryptionKey><ds:KeyName>` (or no EncryptionKey at all): a pre-shared key the caller supplies.
 * - `<EncryptionKey><xenc11:DerivedKey>` with PBKDF2 (RFC 8018): derived from the caller's password
 *   with `Salt/Specified`, `IterationCount`, `KeyLength` (default: the cipher's key size) and `PRF`
 *   (default HMAC-SHA1).
 * The key is only produced when the first encrypted value needs it, so a plaintext file never
 * requires a key. Missing key material or parameters is `ERR_IMPORT_DECRYPT`/`ERR_IMPORT_FORMAT`.
 */
import { pbkdf2Sync } from 'node:crypto';
import { MfaError } from '../../errors.js';
import { childElements } from '../../xml/child-elements.js';
import { elementText } from '../../xml/element-text.js';
import type { XmlElement } from '../../xml/xml-types.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { DS_NS, PBKDF2_PRFS, PBKDF2_URI, PKCS5_NS, PSKC_NS, XENC11_NS, type PskcCipher } from './pskc-constants.js';

export interface PskcKeyMaterial {
  preSharedKey?: Buffer;
  password?: string;
  /** Refuse PBKDF2 iteration counts above this (a hostile file could ask for billions). */
  maxPbkdf2Iterations: number;
}

/** Returns the transport key for a cipher, deriving (and caching per length) on first use. */
export type PskcTransportKey = (cipher: PskcCipher) => Buffer;

/** Longest derived key any supported cipher uses (AES-256: 32 bytes), with headroom. */
const MAX_KEY_LENGTH = 64;

interface Pbkdf2Params {
  salt: Buffer;
  iterations: number;
  keyLength?: number;
  prf: string;
}

export function pskcTransportKey(container: XmlElement, material: PskcKeyMaterial): PskcTransportKey {
  const encryptionKeys = childElements(container, PSKC_NS, 'EncryptionKey');
  if (encryptionKeys.length > 1) throw format('more than one <EncryptionKey>');
  const encryptionKey = encryptionKeys[0];
  const derived = encryptionKey === undefined ? undefined : childElements(encryptionKey, XENC11_NS, 'DerivedKey')[0];
  if (derived === undefined) {
    const keyName = encryptionKey === undefined ? undefined : childElements(encryptionKey, DS_NS, 'KeyName')[0];
    const label = keyName === undefined ? 'a pre-shared key' : `the pre-shared key "${elementText(keyName).trim()}"`;
    return () => {
      if (material.preSharedKey === undefined) {
        throw new MfaError('ERR_IMPORT_DECRYPT', `the file is encrypted with ${label}; supply it`);
      }
      return material.preSharedKey;
    };
  }
  const params = readPbkdf2Params(derived, material.maxPbkdf2Iterations);
  const cache = new Map<number, Buffer>();
  return (cipher) => {
    if (material.password === undefined) {
      throw new MfaError('ERR_IMPORT_DECRYPT', 'the file is encrypted with a password (PBKDF2); supply it');
    }
    const length = params.keyLength ?? cipher.keyBytes;
    let key = cache.get(length);
    if (key === undefined) {
      key = pbkdf2Sync(Buffer.from(material.password, 'utf8'), params.salt, params.iterations, length, params.prf);
      cache.set(length, key);
    }
    return key;
  };
}

function readPbkdf2Params(derived: XmlElement, maxIterations: number): Pbkdf2Params {
  const method = childElements(derived, XENC11_NS, 'KeyDerivationMethod')[0];
  const algorithm = method?.getAttribute('Algorithm') ?? '';
  if (method === undefined || algorithm !== PBKDF2_URI) {
    throw format(`unsupported key derivation method ${algorithm || '(none)'}; only PBKDF2 is supported`);
  }
  const params = childElements(method, XENC11_NS, 'PBKDF2-params')[0] ?? childElements(method, PKCS5_NS, 'PBKDF2-params')[0];
  if (params === undefined) throw format('<PBKDF2-params> is missing');
  const specified = pkcs5Child(pkcs5Child(params, 'Salt'), 'Specified');
  const salt = specified === undefined ? null : decodeBase64Strict(elementText(specified));
  if (salt === null || salt.length === 0) throw format('PBKDF2 <Salt><Specified> is missing or not base64');
  const iterations = positiveInt(pkcs5Child(params, 'IterationCount'), 'IterationCount');
  if (iterations === undefined) throw format('PBKDF2 <IterationCount> is missing');
  if (iterations > maxIterations) throw format(`PBKDF2 IterationCount ${iterations} exceeds the limit of ${maxIterations}`);
  const keyLength = positiveInt(pkcs5Child(params, 'KeyLength'), 'KeyLength');
  if (keyLength !== undefined && keyLength > MAX_KEY_LENGTH) throw format(`PBKDF2 KeyLength ${keyLength} is too large`);
  const prfEl = pkcs5Child(params, 'PRF');
  // The schema puts the URI in an Algorithm attribute; python-pskc writes it as the element's text.
  const prfUri = prfEl === undefined ? '' : prfEl.getAttribute('Algorithm') || elementText(prfEl).trim();
  const prf = prfUri === '' ? 'sha1' : PBKDF2_PRFS[prfUri.slice(prfUri.lastIndexOf('#') + 1)];
  if (prf === undefined) throw format(`unsupported PBKDF2 PRF ${prfUri}`);
  return keyLength === undefined ? { salt, iterations, prf } : { salt, iterations, keyLength, prf };
}

/** PBKDF2-params children are unqualified in RFC 6030's examples; accept the PKCS #5 namespace too. */
function pkcs5Child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  if (parent === undefined) return undefined;
  return childElements(parent, null, name)[0] ?? childElements(parent, PKCS5_NS, name)[0];
}

function positiveInt(el: XmlElement | undefined, name: string): number | undefined {
  if (el === undefined) return undefined;
  const text = elementText(el).trim();
  const value = /^[0-9]{1,10}$/.test(text) ? Number(text) : 0;
  if (value < 1) throw format(`PBKDF2 <${name}> must be a positive integer`);
  return value;
}

function format(reason: string): MfaError {
  return new MfaError('ERR_IMPORT_FORMAT', `PSKC <EncryptionKey>: ${reason}`);
}
