// SPDX-License-Identifier: UNLICENSED
import { createDecipheriv } from 'node:crypto';
import { MfaError } from '../../errors.js';
import { PSKC_CIPHERS, type PskcCipher } from './pskc-constants.js';

/** RFC 3394 §2.2.3.1 default initial value and RFC 5649 §3 alternative initial value prefix. */
const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const KWP_AIV = Buffer.from('a65959a6', 'hex');

/** The cipher named by an xenc EncryptionMethod URI; `ERR_IMPORT_FORMAT` for one we do not implement. */
export function pskcCipher(uri: string, where: string): PskcCipher {
  const cipher = PSKC_CIPHERS.find((c) => c.uri === uri);
  if (cipher === undefined) {
    throw new MfaError('ERR_IMPORT_FORMAT', `${where}: unsupported encryption algorithm ${uri}`, { data: { algorithm: uri } });
  }
  return cipher;
}

/**
 * Decrypts one CipherValue.
 * - CBC: `cipherValue = IV(ivBytes) ‖ CBC(key, PKCS#7-padded plaintext)`.
 * - Key wrap: RFC 3394, or RFC 5649 (with padding) when the plaintext was not a multiple of 8 bytes.
 * A wrong key length, bad padding or a failed key-wrap integrity check is `ERR_IMPORT_DECRYPT`
 * naming `where` only.
 */
export function decryptPskcValue(cipher: PskcCipher, key: Buffer, cipherValue: Buffer, where: string): Buffer {
  if (key.length !== cipher.keyBytes) {
    throw new MfaError(
      'ERR_IMPORT_DECRYPT',
      `${where}: the key is ${key.length} bytes but ${cipher.uri} needs ${cipher.keyBytes}`,
      { data: { keyBytes: key.length } },
    );
  }
  try {
    if (cipher.kind === 'cbc') {
      const blocks = cipherValue.length - cipher.ivBytes;
      if (blocks <= 0 || blocks % cipher.ivBytes !== 0) throw new Error('length');
      const decipher = createDecipheriv(cipher.node, key, cipherValue.subarray(0, cipher.ivBytes));
      return Buffer.concat([decipher.update(cipherValue.subarray(cipher.ivBytes)), decipher.final()]);
    }
    if (cipherValue.length < 16 || cipherValue.length % 8 !== 0) throw new Error('length');
    try {
      const unwrap = createDecipheriv(cipher.node, key, KW_IV);
      return Buffer.concat([unwrap.update(cipherValue), unwrap.final()]);
    } catch {
      const unwrap = createDecipheriv(cipher.nodePadded, key, KWP_AIV);
      return Buffer.concat([unwrap.update(cipherValue), unwrap.final()]);
    }
  } catch (err) {
    throw new MfaError('ERR_IMPORT_DECRYPT', `${where}: decryption failed (wrong key or password, or a damaged file)`, {
      cause: err,
    });
  }
}
