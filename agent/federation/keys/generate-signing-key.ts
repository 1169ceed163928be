// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from '../../tls/create-self-signed-certificate.js';

export interface GeneratedSigningKey {
  certificatePem: string;
  /** PKCS#8 DER of the private key. The caller seals it and then zeroes it (`fill(0)`). */
  pkcs8: Buffer;
  /** The certificate's own dates (second precision), ms since the epoch. */
  notBefore: number;
  notAfter: number;
}

/**
 * A new RSA key pair (`keyBits`, e ≥ 65537) with a self-signed RSA-SHA256 certificate of the `signing`
 * profile (digitalSignature only, no EKU), valid from 5 minutes before `now` for `validityDays`.
 */
export async function generateSigningKey(opts: { keyBits: number; validityDays: number; commonName: string; now: number; serial: Buffer }): Promise<GeneratedSigningKey> {
  const { certPem, keyDer } = await createSelfSignedCertificate({
    commonName: opts.commonName, altNames: [], profile: 'signing', days: opts.validityDays, modulusLength: opts.keyBits,
    now: opts.now, serial: opts.serial, keyFormat: 'der',
  });
  const cert = new X509Certificate(certPem);
  return { certificatePem: certPem, pkcs8: keyDer, notBefore: Date.parse(cert.validFrom), notAfter: Date.parse(cert.validTo) };
}
