// SPDX-License-Identifier: UNLICENSED
/**
 * RFC 6030 §4.2 / §6.1: reads one `<Data>` child (Secret, Counter, TimeInterval, TimeDrift …), which
 * holds either `<PlainValue>` or `<EncryptedValue>` (+ optional `<ValueMAC>`).
 *
 * Integrity rules:
 * - `ValueMAC = base64(HMAC(MACKey, CipherValue))`, the MAC over the whole CipherValue (IV ‖ ciphertext).
 *   A mismatch is `ERR_IMPORT_MAC` unless `allowMacMismatch`.
 * - A CBC-encrypted value without a ValueMAC has no integrity at all (a wrong key can even decrypt to
 *   garbage with valid padding), so it is `ERR_IMPORT_MAC` too unless `allowMacMismatch`. Key wrap
 *   carries its own integrity check and needs no MAC.
 * - Decryption runs before the MAC check so that a wrong key or password reports `ERR_IMPORT_DECRYPT`.
 * Messages name `where` (key package index and element), never a value.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MfaError } from '../../errors.js';
import { childElements } from '../../xml/child-elements.js';
import { elementText } from '../../xml/element-text.js';
import type { XmlElement } from '../../xml/xml-types.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { decryptPskcValue, pskcCipher } from './decrypt-pskc-value.js';
import { PSKC_NS, XENC_NS } from './pskc-constants.js';
import type { PskcTransportKey } from './pskc-transport-key.js';

export type PskcValue = { kind: 'plain'; text: string } | { kind: 'bytes'; bytes: Buffer };

/** The MAC key and hash, resolved on first use (decrypting `<MACKey>` needs the transport key). */
export type PskcMacKey = () => { key: Buffer; hash: string };

export interface PskcValueContext {
  transportKey: PskcTransportKey;
  macKey: PskcMacKey;
  allowMacMismatch: boolean;
}

export function readPskcValue(holder: XmlElement, where: string, ctx: PskcValueContext): PskcValue {
  const plain = childElements(holder, PSKC_NS, 'PlainValue');
  const encrypted = childElements(holder, PSKC_NS, 'EncryptedValue');
  if (plain.length + encrypted.length !== 1) {
    throw formatError(`${where}: needs exactly one <PlainValue> or <EncryptedValue>`);
  }
  const [plainValue] = plain;
  if (plainValue !== undefined) return { kind: 'plain', text: elementText(plainValue).trim() };
  const [encryptedValue] = encrypted as [XmlElement];
  const { uri, cipherValue } = readEncryptedData(encryptedValue, where);
  const cipher = pskcCipher(uri, where);
  const bytes = decryptPskcValue(cipher, ctx.transportKey(cipher), cipherValue, where);
  const macs = childElements(holder, PSKC_NS, 'ValueMAC');
  if (macs.length > 1) throw formatError(`${where}: more than one <ValueMAC>`);
  const [valueMac] = macs;
  if (valueMac === undefined) {
    if (cipher.kind === 'cbc' && !ctx.allowMacMismatch) {
      throw new MfaError('ERR_IMPORT_MAC', `${where}: CBC-encrypted value has no <ValueMAC>, so its integrity cannot be checked`);
    }
    return { kind: 'bytes', bytes };
  }
  const expected = decodeBase64Strict(elementText(valueMac));
  if (expected === null) throw formatError(`${where}: <ValueMAC> is not valid base64`);
  const { key, hash } = ctx.macKey();
  const actual = createHmac(hash, key).update(cipherValue).digest();
  const same = actual.length === expected.length && timingSafeEqual(actual, expected);
  if (!same && !ctx.allowMacMismatch) {
    throw new MfaError('ERR_IMPORT_MAC', `${where}: <ValueMAC> does not match (damaged or tampered file)`);
  }
  return { kind: 'bytes', bytes };
}

/** An xenc:EncryptedDataType element: `<xenc:EncryptionMethod Algorithm>` and `<xenc:CipherData><xenc:CipherValue>`. */
export function readEncryptedData(el: XmlElement, where: string): { uri: string; cipherValue: Buffer } {
  const method = childElements(el, XENC_NS, 'EncryptionMethod')[0];
  const uri = method?.getAttribute('Algorithm') ?? '';
  if (uri === '') throw formatError(`${where}: <xenc:EncryptionMethod Algorithm> is missing`);
  const cipherData = childElements(el, XENC_NS, 'CipherData')[0];
  const cipherValueEl = cipherData === undefined ? undefined : childElements(cipherData, XENC_NS, 'CipherValue')[0];
  if (cipherValueEl === undefined) {
    throw formatError(`${where}: <xenc:CipherData><xenc:CipherValue> is missing (CipherReference is not supported)`);
  }
  const cipherValue = decodeBase64Strict(elementText(cipherValueEl));
  if (cipherValue === null) throw formatError(`${where}: <xenc:CipherValue> is not valid base64`);
  return { uri, cipherValue };
}

function formatError(message: string): MfaError {
  return new MfaError('ERR_IMPORT_FORMAT', message);
}
