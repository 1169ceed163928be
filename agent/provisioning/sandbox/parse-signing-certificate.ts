// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';

/**
 * Reference §3.2: `signingCertificate` is the base64 of the certificate's DER (no PEM armour), loadable
 * as an X509Certificate2. Returns the certificate, or null for anything else.
 */
export function parseSigningCertificate(value: unknown): X509Certificate | null {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  try {
    return new X509Certificate(Buffer.from(value, 'base64'));
  } catch {
    return null;
  }
}
