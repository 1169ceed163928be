// SPDX-License-Identifier: UNLICENSED
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** True when this call generated a self-signed pair. */
  generated: boolean;
  notAfter: Date;
}

/**
 * Returns the configured certificate and key; when neither file exists, generates a self-signed pair
 * for `publicHost` (plus localhost and loopback addresses), the key with mode 0600. One file without
 * the other, an unreadable file, or a certificate that does not match the key is `ERR_TLS`.
 */
export async function ensureTlsFiles(opts: { certFile: string; keyFile: string; publicHost: string; clock: Clock; random: Random }): Promise<TlsFiles> {
  const haveCert = existsSync(opts.certFile);
  const haveKey = existsSync(opts.keyFile);
  let generated = false;
  if (!haveCert && !haveKey) {
    const { createSelfSignedCertificate } = await import('./create-self-signed-certificate.js');
    const names = [...new Set([opts.publicHost, hostname(), 'localhost', '127.0.0.1', '::1'])];
    const { certPem, keyPem } = await createSelfSignedCertificate({
      commonName: opts.publicHost, altNames: names, profile: 'server', now: opts.clock.now(), serial: opts.random.bytes(16),
    });
    mkdirSync(dirname(opts.keyFile), { recursive: true, mode: 0o700 });
    mkdirSync(dirname(opts.certFile), { recursive: true, mode: 0o755 });
    writeFileSync(opts.keyFile, keyPem, { mode: 0o600, flag: 'wx' });
    writeFileSync(opts.certFile, certPem, { mode: 0o644, flag: 'wx' });
    generated = true;
  } else if (!haveCert || !haveKey) {
    const missing = haveCert ? opts.keyFile : opts.certFile;
    throw new MfaError('ERR_TLS', `TLS ${haveCert ? 'key' : 'certificate'} file ${missing} is missing (the other one exists); provide both or neither`, {
      data: { file: missing },
    });
  }
  try {
    const cert = readFileSync(opts.certFile);
    const key = readFileSync(opts.keyFile);
    const x = new X509Certificate(cert);
    if (!x.checkPrivateKey(createPrivateKey(key))) {
      throw new MfaError('ERR_TLS', `TLS certificate ${opts.certFile} does not match key ${opts.keyFile}`, { data: { file: opts.certFile } });
    }
    return { cert, key, generated, notAfter: new Date(x.validTo) };
  } catch (err) {
    if (err instanceof MfaError) throw err;
    throw new MfaError('ERR_TLS', `cannot load TLS certificate/key (${opts.certFile}, ${opts.keyFile}): ${(err as Error).message}`, {
      cause: err, data: { file: opts.certFile },
    });
  }
}
