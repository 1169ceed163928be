// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, sign, verify } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Actor } from '../../../../agent/actor.js';
import { MfaError } from '../../../../agent/errors.js';
import { CURRENT_KEY_RECHECK_MS, createSigningKeys } from '../../../../agent/federation/keys/create-signing-keys.js';
import type { SigningKeys } from '../../../../agent/federation/keys/signing-keys.js';
import type { Logger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { useTestServices, type TestServices } from '../../../helpers/open-test-services.js';

const ACTOR: Actor = { id: 'cli:tester', source: 'cli' };
const DAY = 86_400_000;

/** A logger that keeps every line as JSON, Buffers rendered both as base64 and hex (so raw key bytes would show). */
function captureLogger(lines: string[]): Logger {
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string) => (obj: object, msg?: string): void => {
      lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }, (_k, v: unknown) => {
        const b = v as { type?: unknown; data?: unknown };
        return b !== null && typeof b === 'object' && b.type === 'Buffer' && Array.isArray(b.data) ? `${Buffer.from(b.data as number[]).toString('base64')} ${Buffer.from(b.data as number[]).toString('hex')}` : v;
      }));
    };
    return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: (b) => make({ ...bindings, ...b }) };
  };
  return make({});
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MfaError) return err.code;
    throw err;
  }
  return 'no error';
}

const open = useTestServices();

async function setup(opts: { keyBits?: number; validityDays?: number } = {}): Promise<TestServices & { keys: SigningKeys; logs: string[]; another: () => SigningKeys }> {
  const t = await open();
  const logs: string[] = [];
  const make = (): SigningKeys => createSigningKeys({
    store: t.services.store, vault: t.services.vault, audit: t.services.audit, clock: t.clock, random: createSystemRandom(), logger: captureLogger(logs),
    keyBits: opts.keyBits ?? 2048, validityDays: opts.validityDays ?? 365, commonName: 'mfa-appliance signing mfa.contoso.com',
  });
  return { ...t, keys: make(), logs, another: make };
}

describe('createSigningKeys: generation', () => {
  test('the first key: RSA-2048, dates from the clock, and the certificate verifies what the private key signs', async () => {
    const { keys, clock, dir } = await setup();
    const start = clock.now();
    const ensured = await keys.ensureCurrent(ACTOR);
    expect(ensured.generated).toBe(true);
    const active = await keys.current();
    expect(active.id).toBe(ensured.current.id);
    expect(active.privateKey.asymmetricKeyType).toBe('rsa');
    expect(active.privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    const cert = new X509Certificate(active.certificatePem);
    expect(cert.raw.equals(active.certificateDer)).toBe(true);
    expect(active.thumbprintSha256).toBe(createHash('sha256').update(cert.raw).digest('hex'));
    expect(Date.parse(cert.validFrom)).toBe(Math.floor((start - 5 * 60_000) / 1000) * 1000);
    expect(Date.parse(cert.validTo)).toBe(Math.floor((start + 365 * DAY) / 1000) * 1000);
    expect(active.notAfter).toBe(Date.parse(cert.validTo));
    expect(cert.subject).toBe('CN=mfa-appliance signing mfa.contoso.com');
    const data = Buffer.from('<saml:Assertion ID="_a1">…</saml:Assertion>');
    const signature = sign('sha256', data, active.privateKey);
    expect(verify('sha256', data, cert.publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.concat([data, Buffer.from(' ')]), cert.publicKey, signature)).toBe(false);
    // openssl, independently: key size and the signing-only key usage of the certificate, and the signature.
    writeFileSync(join(dir, 'cert.pem'), active.certificatePem);
    writeFileSync(join(dir, 'data'), data);
    writeFileSync(join(dir, 'sig'), signature);
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    execFileSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-noout', '-pubkey', '-out', join(dir, 'pub.pem')]);
    const ok = execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')], { encoding: 'utf8' });
    expect(ok.trim()).toBe('Verified OK');
  });

  test('keyBits 3072 and validityDays are honoured; fewer than 2048 bits are refused', async () => {
    const { keys, clock, services } = await setup({ keyBits: 3072, validityDays: 30 });
    await keys.ensureCurrent(ACTOR);
    const active = await keys.current();
    expect(active.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(active.notAfter).toBe(Math.floor((clock.now() + 30 * DAY) / 1000) * 1000);
    expect((await keys.list())[0]).toMatchObject({ keyBits: 3072, state: 'current', hasPrivateKey: true });
    expect(() => createSigningKeys({
      store: services.store, vault: services.vault, audit: services.audit, clock, random: createSystemRandom(), logger: captureLogger([]),
      keyBits: 1024, validityDays: 30, commonName: 'x',
    })).toThrow(/2048/);
  });

  test('ensureCurrent is idempotent, also when two processes race for the first key', async () => {
    const { keys, another, services } = await setup();
    const [a, b] = await Promise.all([keys.ensureCurrent(ACTOR), another().ensureCurrent(ACTOR)]);
    expect([a.generated, b.generated].sort()).toEqual([false, true]);
    expect(a.current.id).toBe(b.current.id);
    expect((await keys.ensureCurrent(ACTOR)).generated).toBe(false);
    expect((await keys.list()).map((k) => k.state)).toEqual(['current']);
    const generated = await services.store.audit.recent(10, { event: 'federation.key_generated' });
    expect(generated.map((r) => [r.subject, r.outcome, r.details.state, r.details.keyBits])).toEqual([[a.current.id, 'success', 'current', 2048]]);
  });

  test('without a current key, current() and published() are ERR_SIGNING_KEY', async () => {
    const { keys } = await setup();
    expect(await codeOf(keys.current())).toBe('ERR_SIGNING_KEY');
    expect(await codeOf(keys.published())).toBe('ERR_SIGNING_KEY');
    expect(await keys.status()).toEqual({ current: null, next: null, retired: 0 });
  });
});

describe('createSigningKeys: the private key at rest and in logs', () => {
  test('the database and the sealed row hold no PKCS#8, PEM or private exponent of the key; logs and audit neither', async () => {
    const { keys, services, dir, logs } = await setup();
    await keys.ensureCurrent(ACTOR);
    await keys.generateNext(ACTOR);
    await keys.activateNext(ACTOR);
    const active = await keys.current();
    const pkcs8 = active.privateKey.export({ format: 'der', type: 'pkcs8' });
    const d = Buffer.from(String(active.privateKey.export({ format: 'jwk' }).d), 'base64url');
    const needles = [pkcs8, d, Buffer.from(pkcs8.toString('base64')), Buffer.from(pkcs8.toString('base64').slice(128, 192)), Buffer.from(d.toString('hex')), Buffer.from('PRIVATE KEY')];
    const files = readdirSync(dir).filter((f) => f.includes('.db'));
    expect(files.length).toBeGreaterThan(0);
    const certBody = Buffer.from(active.certificateDer.toString('base64').slice(128, 192));
    let certSeen = false;
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      certSeen ||= bytes.includes(certBody);
      for (const n of needles) expect(bytes.includes(n), `${f} holds key material`).toBe(false);
    }
    expect(certSeen, 'the search reads the stored rows (the public certificate is there)').toBe(true);
    const record = (await services.store.signingKeys.list()).find((k) => k.id === active.id);
    const sealed = await services.store.secrets.get(record?.secretId ?? '');
    expect(sealed?.purpose).toBe('signing-key');
    for (const n of needles) {
      expect(sealed?.payload.includes(n)).toBe(false);
      expect(sealed?.wrappedKey.includes(n)).toBe(false);
    }
    expect(logs.length).toBeGreaterThan(0);
    const auditText = JSON.stringify(await services.store.audit.recent(50));
    for (const text of [...logs, auditText]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(pkcs8.toString('base64').slice(128, 192));
      expect(text).not.toContain(pkcs8.toString('hex').slice(200, 328));
      expect(text).not.toContain(d.toString('base64url').slice(0, 64));
    }
    expect(JSON.stringify(active)).not.toContain(pkcs8.toString('base64').slice(128, 192));
  });
});

describe('createSigningKeys: rollover', () => {
  test('next → current → retired, each step audited; published() offers both certificates while a next key exists', async () => {
    const { keys, services, clock } = await setup();
    const first = (await keys.ensureCurrent(ACTOR)).current;
    const next = await keys.generateNext(ACTOR);
    expect(await codeOf(keys.generateNext(ACTOR))).toBe('ERR_ALREADY_EXISTS');
    const published = await keys.published();
    expect([published.current.id, published.next?.id]).toEqual([first.id, next.id]);
    expect(published.next?.certificateDer.equals(next.certificateDer)).toBe(true);
    expect((await keys.status()).next?.id).toBe(next.id);
    clock.advance(60_000);
    const activated = await keys.activateNext(ACTOR);
    expect(activated.id).toBe(next.id);
    expect((await keys.current()).id).toBe(next.id);
    expect(Object.fromEntries((await keys.list()).map((k) => [k.id, [k.state, k.hasPrivateKey]]))).toEqual({ [first.id]: ['retired', true], [next.id]: ['current', true] });
    expect((await keys.published()).next).toBeNull();
    expect(await codeOf(keys.activateNext(ACTOR))).toBe('ERR_SIGNING_KEY');
    expect(await codeOf(keys.retire(next.id, ACTOR))).toBe('ERR_SIGNING_KEY');
    expect(await codeOf(keys.retire('no-such-key', ACTOR))).toBe('ERR_NOT_FOUND');
    const firstSecret = (await services.store.signingKeys.get(first.id))?.secretId ?? '';
    await keys.retire(first.id, ACTOR);
    expect((await keys.list()).find((k) => k.id === first.id)).toMatchObject({ state: 'retired', hasPrivateKey: false });
    expect(await services.store.secrets.get(firstSecret)).toBeNull();
    const events = (await services.store.audit.recent(20)).reverse().filter((r) => r.event.startsWith('federation.')).map((r) => [r.event, r.outcome, r.details.reason ?? null]);
    expect(events).toEqual([
      ['federation.key_generated', 'success', null], ['federation.key_generated', 'success', null], ['federation.key_generated', 'failure', 'next_exists'],
      ['federation.key_activated', 'success', null], ['federation.key_activated', 'failure', 'no_next_key'], ['federation.key_retired', 'failure', 'current_key'],
      ['federation.key_retired', 'success', null],
    ]);
    const activatedRecord = (await services.store.audit.recent(5, { event: 'federation.key_activated' })).find((r) => r.outcome === 'success');
    expect(activatedRecord).toMatchObject({ subject: next.id, details: { previousKeyId: first.id, thumbprint: next.thumbprintSha256 } });
  });

  test('a next key whose certificate has expired is not activated; retiring it clears the way', async () => {
    const { keys, clock } = await setup({ validityDays: 30 });
    await keys.ensureCurrent(ACTOR);
    const stale = await keys.generateNext(ACTOR);
    clock.advance(31 * DAY);
    expect(await codeOf(keys.activateNext(ACTOR))).toBe('ERR_SIGNING_KEY');
    await keys.retire(stale.id, ACTOR);
    const fresh = await keys.generateNext(ACTOR);
    expect((await keys.activateNext(ACTOR)).id).toBe(fresh.id);
  });
});

describe('createSigningKeys: current() caching', () => {
  test('parses once, and sees another process\'s rollover after 10 s of the injected clock, not before', async () => {
    const { keys, another, clock } = await setup();
    await keys.ensureCurrent(ACTOR);
    const first = await keys.current();
    expect(await keys.current()).toBe(first);
    const cli = another();
    const next = await cli.generateNext(ACTOR);
    await cli.activateNext(ACTOR);
    clock.advance(CURRENT_KEY_RECHECK_MS - 1);
    expect(await keys.current()).toBe(first);
    clock.advance(1);
    const reloaded = await keys.current();
    expect(reloaded.id).toBe(next.id);
    expect(reloaded.privateKey.equals(first.privateKey)).toBe(false);
    clock.advance(CURRENT_KEY_RECHECK_MS);
    expect(await keys.current()).toBe(reloaded);
  });

  test('concurrent first calls share one load', async () => {
    const { keys } = await setup();
    await keys.ensureCurrent(ACTOR);
    const [a, b, c] = await Promise.all([keys.current(), keys.current(), keys.current()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });
});
