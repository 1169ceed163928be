// SPDX-License-Identifier: UNLICENSED
import { X509Certificate, createHash } from 'node:crypto';
import { MfaError } from '../../errors.js';
import type { SigningKeyRecord } from '../../store/store.js';
import type { CertInfo } from './signing-keys.js';

/** The published half of a stored key: its certificate as PEM and DER, and the SHA-256 thumbprint. `ERR_SIGNING_KEY` when the PEM does not parse. */
export function toCertInfo(record: SigningKeyRecord): CertInfo {
  let der: Buffer;
  try {
    der = new X509Certificate(record.certificate).raw;
  } catch (cause) {
    throw new MfaError('ERR_SIGNING_KEY', `the certificate of signing key ${record.id} does not parse`, { cause, data: { keyId: record.id } });
  }
  return {
    id: record.id,
    certificatePem: record.certificate,
    certificateDer: der,
    thumbprintSha256: createHash('sha256').update(der).digest('hex'),
    notBefore: record.notBefore,
    notAfter: record.notAfter,
  };
}
