// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTlsFiles } from '../../../agent/tls/ensure-tls-files.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { MfaError } from '../../../agent/errors.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
const random = createSystemRandom();

describe('ensureTlsFiles', () => {
  it('generates a self-signed server certificate that openssl reads, with SANs and a 0600 key', async () => {
    const dir = tempDir();
    const clock = fixedClock(Date.now());
    const files = { certFile: join(dir, 'tls', 'cert.pem'), keyFile: join(dir, 'tls', 'key.pem') };
    const tls = await ensureTlsFiles({ ...files, publicHost: 'mfa.contoso.com', clock, random });
    expect(tls.generated).toBe(true);
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    const x = new X509Certificate(tls.cert);
    expect(x.subject).toBe('CN=mfa.contoso.com');
    expect(x.subjectAltName).toContain('DNS:mfa.contoso.com');
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x.verify(x.publicKey)).toBe(true);
    const days = (Date.parse(x.validTo) - clock.now()) / 86_400_000;
    expect(Math.round(days)).toBe(397);
    const text = execFileSync('openssl', ['x509', '-in', files.certFile, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toContain('sha256WithRSAEncryption');
    expect(text).toContain('CA:FALSE');
    const again = await ensureTlsFiles({ ...files, publicHost: 'other', clock, random });
    expect(again.generated).toBe(false);
    expect(again.cert.equals(tls.cert)).toBe(true);
  });

  it('refuses a certificate without its key, and a mismatched pair', async () => {
    const dir = tempDir();
    const clock = fixedClock(Date.now());
    const a = { certFile: join(dir, 'a.pem'), keyFile: join(dir, 'a.key') };
    const b = { certFile: join(dir, 'b.pem'), keyFile: join(dir, 'b.key') };
    await ensureTlsFiles({ ...a, publicHost: 'a', clock, random });
    await ensureTlsFiles({ ...b, publicHost: 'b', clock, random });
    const mixed = await ensureTlsFiles({ certFile: a.certFile, keyFile: b.keyFile, publicHost: 'x', clock, random }).catch((e: unknown) => e);
    expect((mixed as MfaError).code).toBe('ERR_TLS');
    expect((mixed as MfaError).message).toContain('does not match');
    const lonely = await ensureTlsFiles({ certFile: a.certFile, keyFile: join(dir, 'none.key'), publicHost: 'x', clock, random }).catch((e: unknown) => e);
    expect((lonely as MfaError).message).toMatch(/TLS key file .*none\.key is missing/);
    writeFileSync(join(dir, 'junk.pem'), 'not a cert');
    const junk = await ensureTlsFiles({ certFile: join(dir, 'junk.pem'), keyFile: a.keyFile, publicHost: 'x', clock, random }).catch((e: unknown) => e);
    expect((junk as MfaError).code).toBe('ERR_TLS');
  });
});
