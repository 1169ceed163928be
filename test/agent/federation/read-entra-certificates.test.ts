// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../agent/errors.js';
import { readEntraCertificates } from '../../../agent/federation/read-entra-certificates.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();

/** A self-signed certificate made by openssl (independent of our certificate code). */
function opensslCert(dir: string, name: string): string {
  const certPath = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', certPath, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return readFileSync(certPath, 'utf8');
}

describe('readEntraCertificates', () => {
  it('reads every CERTIFICATE block of a PEM bundle, in order; null is none', () => {
    const dir = tempDir();
    const file = join(dir, 'entra.pem');
    writeFileSync(file, `# Entra signing certificates\n${opensslCert(dir, 'Live ID one')}\n${opensslCert(dir, 'Live ID two')}`);
    expect(readEntraCertificates(file).map((c) => c.subject)).toEqual(['CN=Live ID one', 'CN=Live ID two']);
    expect(readEntraCertificates(null)).toEqual([]);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.pem'), /cannot read/],
    ['a file without certificates', (dir: string) => { writeFileSync(join(dir, 'empty.pem'), 'nothing here\n'); return join(dir, 'empty.pem'); }, /holds no PEM certificate/],
    ['a block that does not parse', (dir: string) => { writeFileSync(join(dir, 'bad.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'); return join(dir, 'bad.pem'); }, /certificate 1 .* does not parse/],
  ])('%s is a ConfigError naming federation.saml.entraCertificatesFile', (_name, make, message) => {
    const file = make(tempDir());
    let err: unknown;
    try {
      readEntraCertificates(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([{ path: 'federation.saml.entraCertificatesFile', message: expect.stringMatching(message) as unknown }]);
  });
});
