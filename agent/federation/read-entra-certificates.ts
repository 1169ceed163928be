// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_PATH = 'federation.saml.entraCertificatesFile';

/**
 * Entra's request-signing certificates from `federation.saml.entraCertificatesFile` (PEM, one or more
 * `CERTIFICATE` blocks). `null` is none. An unreadable file, a file without a certificate, or a block
 * that does not parse is a `ConfigError` naming the key.
 */
export function readEntraCertificates(file: string | null): X509Certificate[] {
  if (file === null) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ path: KEY_PATH, message: `cannot read ${file}: ${(err as Error).message}` }], { cause: err });
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ConfigError([{ path: KEY_PATH, message: `${file} holds no PEM certificate` }]);
  return blocks.map((pem, i) => {
    try {
      return new X509Certificate(pem);
    } catch (err) {
      throw new ConfigError([{ path: KEY_PATH, message: `certificate ${i + 1} in ${file} does not parse: ${(err as Error).message}` }], { cause: err });
    }
  });
}
