// SPDX-License-Identifier: UNLICENSED
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { MfaError } from '../../errors.js';
import type { SigningKeyRecord } from '../../store/store.js';
import type { Vault } from '../../vault/vault.js';
import { SIGNING_KEY_PURPOSE } from './signing-key-purpose.js';
import type { ActiveSigningKey } from './signing-keys.js';
import { toCertInfo } from './to-cert-info.js';

/**
 * Opens a stored key from the vault and parses it into a `KeyObject` (the plaintext DER is zeroed at
 * once, also on failure). `ERR_SIGNING_KEY` when the sealed key was destroyed, does not parse, or does
 * not belong to the record's certificate; vault faults propagate.
 */
export async function openSigningKey(vault: Vault, record: SigningKeyRecord): Promise<ActiveSigningKey> {
  if (record.secretId === null) {
    throw new MfaError('ERR_SIGNING_KEY', `signing key ${record.id} has no private key any more (it was retired)`, { data: { keyId: record.id } });
  }
  const info = toCertInfo(record);
  const der = await vault.open(record.secretId, SIGNING_KEY_PURPOSE);
  let privateKey;
  try {
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new MfaError('ERR_SIGNING_KEY', `the sealed private key of signing key ${record.id} does not parse`, { cause, data: { keyId: record.id } });
  } finally {
    der.fill(0);
  }
  if (!new X509Certificate(info.certificateDer).checkPrivateKey(privateKey)) {
    throw new MfaError('ERR_SIGNING_KEY', `the private key of signing key ${record.id} does not match its certificate`, { data: { keyId: record.id } });
  }
  return {
    id: record.id, privateKey, certificatePem: info.certificatePem, certificateDer: info.certificateDer,
    thumbprintSha256: info.thumbprintSha256, notAfter: record.notAfter,
  };
}
