// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import {
  GRAPH_CERTIFICATE_PURPOSE, GRAPH_SECRET_PURPOSE, loadGraphCredential, storeGraphCredential,
} from '../../../../agent/provisioning/graph/graph-credentials.js';
import { loadKeyring } from '../../../../agent/vault/load-keyring.js';
import { createVault } from '../../../../agent/vault/vault.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { captureLogger, containsSecret, useSqliteStores, writeKeyFile } from '../../vault/vault-fixtures.js';

const SECRET = 'Zq7~8Q_app-secret.value-0123456789abcdef';

/** An RSA key and self-signed certificate made by openssl (an independent tool), valid from now for 2 days. */
function opensslCertificate(dir: string, name: string): { keyPem: string; certPem: string; sha1: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  const sha1 = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' }).trim().split('=')[1]?.replaceAll(':', '') ?? '';
  return { keyPem: readFileSync(key, 'utf8'), certPem: readFileSync(cert, 'utf8'), sha1 };
}

describe('storeGraphCredential / loadGraphCredential', () => {
  const tempDir = useTempDir('mfa-graph-cred-');
  const openStore = useSqliteStores();

  async function world() {
    const dir = tempDir();
    const dbPath = join(dir, 'mfa.db');
    const store = await openStore(dbPath);
    const logger = captureLogger();
    const clock = fixedClock(Date.now());
    const vault = createVault({ store: store.secrets, keyring: loadKeyring({ file: writeKeyFile(dir, ['k1']) }), clock, random: createSystemRandom(), logger });
    return { dir, dbPath, store, vault, clock, logs: logger.entries };
  }

  test('a secret is sealed under graph-client-secret, opens back, and is nowhere in the database, logs, JSON or inspect', async () => {
    const w = await world();
    const ref = await storeGraphCredential(w, { kind: 'secret', secret: SECRET });
    expect(ref).toEqual({ kind: 'secret', secretId: expect.stringMatching(/^[0-9a-f-]{36}$/), certificate: null });
    expect((await w.store.secrets.get(ref.secretId))?.purpose).toBe(GRAPH_SECRET_PURPOSE);
    const cred = await loadGraphCredential(w.vault, ref);
    expect(cred.kind).toBe('secret');
    expect(cred.reveal()).toBe(SECRET);
    await w.store.close();
    const secret = Buffer.from(SECRET, 'utf8');
    for (const file of ['mfa.db', 'mfa.db-wal']) {
      try {
        expect(containsSecret(readFileSync(join(w.dir, file)), secret)).toBe(false);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    expect(containsSecret(JSON.stringify(ref) + JSON.stringify(cred) + inspect(cred, { showHidden: true, depth: 5 }) + JSON.stringify(w.logs), secret)).toBe(false);
    expect(JSON.stringify(cred)).toBe('{"kind":"secret"}');
  });

  test('replacing a secret keeps its id; switching to a certificate seals anew and destroys the secret', async () => {
    const w = await world();
    const first = await storeGraphCredential(w, { kind: 'secret', secret: SECRET });
    const second = await storeGraphCredential(w, { kind: 'secret', secret: `${SECRET}-rotated` }, first);
    expect(second.secretId).toBe(first.secretId);
    expect((await loadGraphCredential(w.vault, second)).reveal()).toBe(`${SECRET}-rotated`);
    const c = opensslCertificate(w.dir, 'app');
    const third = await storeGraphCredential(w, { kind: 'certificate', privateKeyPem: c.keyPem, certificatePem: c.certPem }, second);
    expect(third.secretId).not.toBe(first.secretId);
    expect(await w.store.secrets.get(first.secretId)).toBeNull();
    expect(third.certificate).toMatchObject({ sha1: c.sha1, subject: 'CN=app' });
    expect((await w.store.secrets.get(third.secretId))?.purpose).toBe(GRAPH_CERTIFICATE_PURPOSE);
    const opened = (await loadGraphCredential(w.vault, third)).reveal();
    expect(opened).toContain(c.keyPem.trim());
    expect(opened).toContain(c.certPem.trim());
    await expect(loadGraphCredential(w.vault, { ...third, kind: 'secret' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  test('refuses a certificate whose key does not match, one that is expired, and a blank secret — without echoing the key', async () => {
    const w = await world();
    const a = opensslCertificate(w.dir, 'a');
    const b = opensslCertificate(w.dir, 'b');
    const mismatch = await storeGraphCredential(w, { kind: 'certificate', privateKeyPem: b.keyPem, certificatePem: a.certPem }).catch((e: unknown) => e);
    expect(mismatch).toMatchObject({ code: 'ERR_INVALID_INPUT', message: 'the private key does not belong to the certificate' });
    expect(JSON.stringify({ m: (mismatch as Error).message, d: (mismatch as { data: unknown }).data })).not.toContain('PRIVATE KEY');
    w.clock.advance(3 * 86_400_000);
    await expect(storeGraphCredential(w, { kind: 'certificate', privateKeyPem: a.keyPem, certificatePem: a.certPem })).rejects.toThrow(/not valid now/);
    await expect(storeGraphCredential(w, { kind: 'secret', secret: ' short ' })).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
    expect((await w.vault.status()).countsByKid).toEqual({});
  });
});
