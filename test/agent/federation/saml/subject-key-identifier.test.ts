// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { subjectKeyIdentifier } from '../../../../agent/federation/saml/subject-key-identifier.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir('mfa-ski-');

/** A self-signed certificate from openssl; `extensions` are `-addext` values. */
function opensslCert(dir: string, args: readonly string[]): { der: Buffer; opensslSki: string | null } {
  const cert = join(dir, 'c.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', cert, '-days', '1', '-subj', '/CN=t', ...args], { stdio: 'ignore' });
  const text = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-ext', 'subjectKeyIdentifier'], { encoding: 'utf8' });
  const hex = /\n\s*([0-9A-F:]+)\s*$/.exec(text)?.[1] ?? null;
  return { der: new X509Certificate(readFileSync(cert)).raw, opensslSki: hex === null ? null : hex.replace(/:/g, '').toLowerCase() };
}

describe('subjectKeyIdentifier', () => {
  test("equals openssl's reading of the extension (hash method)", () => {
    const { der, opensslSki } = opensslCert(tempDir(), []);
    expect(opensslSki).toMatch(/^[0-9a-f]{40}$/);
    expect(subjectKeyIdentifier(der)?.toString('hex')).toBe(opensslSki);
  });

  test('reads an arbitrary key identifier', () => {
    const { der, opensslSki } = opensslCert(tempDir(), ['-addext', 'subjectKeyIdentifier=0102030405']);
    expect(opensslSki).toBe('0102030405');
    expect(subjectKeyIdentifier(der)?.toString('hex')).toBe('0102030405');
  });

  test('is null for a certificate without the extension, and for bytes that are not DER', () => {
    const { der } = opensslCert(tempDir(), ['-addext', 'subjectKeyIdentifier=none', '-addext', 'authorityKeyIdentifier=none']);
    expect(subjectKeyIdentifier(der)).toBeNull();
    expect(subjectKeyIdentifier(Buffer.from('not a certificate'))).toBeNull();
    expect(subjectKeyIdentifier(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(subjectKeyIdentifier(Buffer.alloc(0))).toBeNull();
  });
});
