// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { MfaError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SigningKeyRecord, SigningKeyState, Store } from '../../store/store.js';
import type { Vault } from '../../vault/vault.js';
import { generateSigningKey } from './generate-signing-key.js';
import { openSigningKey } from './open-signing-key.js';
import { readSigningKeysStatus } from './read-signing-keys-status.js';
import { SIGNING_KEY_PURPOSE } from './signing-key-purpose.js';
import type { ActiveSigningKey, CertInfo, SigningKeys } from './signing-keys.js';
import { toCertInfo } from './to-cert-info.js';

/** How long `current()` trusts its cached idea of which key is current before asking the store again. */
export const CURRENT_KEY_RECHECK_MS = 10_000;

/** Smallest RSA modulus accepted for a token-signing key. */
const MIN_KEY_BITS = 2048;

export interface SigningKeysDeps {
  store: Pick<Store, 'signingKeys'>;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** RSA modulus of new keys (`federation.signing.keyBits`), at least 2048. */
  keyBits: number;
  /** Validity of new certificates in days (`federation.signing.validityDays`). */
  validityDays: number;
  /** Subject CN of new certificates (`signingCommonName(server.publicUrl)`). */
  commonName: string;
}

/** The token-signing key service (contracts on `SigningKeys`). */
export function createSigningKeys(deps: SigningKeysDeps): SigningKeys {
  const { vault, audit, clock, random } = deps;
  const keys = deps.store.signingKeys;
  const logger = deps.logger.child({ module: 'signing-keys' });
  if (!Number.isInteger(deps.keyBits) || deps.keyBits < MIN_KEY_BITS) {
    throw new MfaError('ERR_SIGNING_KEY', `signing keys must be RSA ${MIN_KEY_BITS} bits or more, got ${deps.keyBits}`, { data: { keyBits: deps.keyBits } });
  }
  let cached: { key: ActiveSigningKey; checkedAt: number } | null = null;
  let loading: Promise<ActiveSigningKey> | null = null;

  const inState = async (state: SigningKeyState): Promise<SigningKeyRecord | null> => (await keys.list()).find((k) => k.state === state) ?? null;
  const noCurrent = (): MfaError => new MfaError('ERR_SIGNING_KEY', 'there is no current token-signing key: start `serve` or run `mfa-appliance init` to create one');
  const record = (entry: Omit<Parameters<AuditLog['record']>[0], 'actor' | 'source'>, actor: Actor) =>
    audit.record({ ...entry, actor: actor.id, source: actor.source });

  async function generate(state: 'current' | 'next', actor: Actor): Promise<CertInfo> {
    const now = clock.now();
    const generated = await generateSigningKey({ keyBits: deps.keyBits, validityDays: deps.validityDays, commonName: deps.commonName, now, serial: random.bytes(16) });
    let sealed;
    try {
      sealed = vault.sealRecord(SIGNING_KEY_PURPOSE, generated.pkcs8);
    } finally {
      generated.pkcs8.fill(0);
    }
    const rec: SigningKeyRecord = {
      id: random.uuid(), state, secretId: sealed.id, certificate: generated.certificatePem, keyBits: deps.keyBits,
      notBefore: generated.notBefore, notAfter: generated.notAfter, createdAt: now, activatedAt: state === 'current' ? now : null, retiredAt: null,
    };
    await keys.create(rec, sealed);
    const info = toCertInfo(rec);
    await record({ event: 'vault.secret_sealed', subject: sealed.id, outcome: 'success', details: { secretId: sealed.id, purpose: SIGNING_KEY_PURPOSE, kid: sealed.kid } }, actor);
    await record({
      event: 'federation.key_generated', subject: rec.id, outcome: 'success',
      details: { state, keyBits: rec.keyBits, notAfter: new Date(rec.notAfter).toISOString(), thumbprint: info.thumbprintSha256 },
    }, actor);
    logger.info({ keyId: rec.id, state, thumbprint: info.thumbprintSha256, notAfter: new Date(rec.notAfter).toISOString() }, 'signing key generated');
    return info;
  }

  async function refuse(event: 'federation.key_generated' | 'federation.key_activated' | 'federation.key_retired', subject: string | null, reason: string, err: MfaError, actor: Actor): Promise<never> {
    await record({ event, subject, outcome: 'failure', details: { reason } }, actor);
    throw err;
  }

  async function loadCurrent(): Promise<ActiveSigningKey> {
    const rec = await inState('current');
    if (rec === null) {
      cached = null;
      throw noCurrent();
    }
    if (cached?.key.id === rec.id) {
      cached.checkedAt = clock.now();
      return cached.key;
    }
    const key = await openSigningKey(vault, rec);
    cached = { key, checkedAt: clock.now() };
    logger.info({ keyId: key.id, thumbprint: key.thumbprintSha256 }, 'signing key loaded');
    return key;
  }

  return {
    async current() {
      if (cached !== null && clock.now() - cached.checkedAt < CURRENT_KEY_RECHECK_MS) return cached.key;
      loading ??= loadCurrent().finally(() => {
        loading = null;
      });
      return loading;
    },

    async ensureCurrent(actor) {
      const existing = await inState('current');
      if (existing !== null) return { generated: false, current: toCertInfo(existing) };
      try {
        return { generated: true, current: await generate('current', actor) };
      } catch (err) {
        if (!(err instanceof MfaError && err.code === 'ERR_ALREADY_EXISTS')) throw err;
        const winner = await inState('current');
        if (winner === null) throw err;
        return { generated: false, current: toCertInfo(winner) };
      }
    },

    async published() {
      const all = await keys.list();
      const cur = all.find((k) => k.state === 'current');
      if (cur === undefined) throw noCurrent();
      const next = all.find((k) => k.state === 'next');
      return { current: toCertInfo(cur), next: next === undefined ? null : toCertInfo(next) };
    },

    async generateNext(actor) {
      const next = await inState('next');
      if (next !== null) {
        return refuse('federation.key_generated', null, 'next_exists', new MfaError('ERR_ALREADY_EXISTS', `a next signing key already exists (${next.id}); activate it or retire it first`, {
          data: { entity: 'signing key', field: 'state', keyId: next.id },
        }), actor);
      }
      return generate('next', actor);
    },

    async activateNext(actor) {
      const all = await keys.list();
      const next = all.find((k) => k.state === 'next');
      if (next === undefined) {
        return refuse('federation.key_activated', null, 'no_next_key', new MfaError('ERR_SIGNING_KEY', 'there is no next signing key: run `mfa-appliance federation keys generate-next` first'), actor);
      }
      const now = clock.now();
      if (next.notAfter <= now || next.notBefore > now) {
        return refuse('federation.key_activated', next.id, 'certificate_not_valid', new MfaError('ERR_SIGNING_KEY', `the certificate of next key ${next.id} is not valid now (${new Date(next.notBefore).toISOString()} to ${new Date(next.notAfter).toISOString()}); retire it and generate another`, {
          data: { keyId: next.id },
        }), actor);
      }
      const opened = await openSigningKey(vault, next);
      const previous = all.find((k) => k.state === 'current') ?? null;
      if (!(await keys.promote(next.id, now))) {
        return refuse('federation.key_activated', next.id, 'changed_meanwhile', new MfaError('ERR_SIGNING_KEY', `signing key ${next.id} is no longer the next key (changed by another process); list the keys and retry`, {
          data: { keyId: next.id },
        }), actor);
      }
      cached = { key: opened, checkedAt: clock.now() };
      const info = toCertInfo({ ...next, state: 'current', activatedAt: now });
      await record({ event: 'federation.key_activated', subject: next.id, outcome: 'success', details: { previousKeyId: previous?.id ?? null, thumbprint: info.thumbprintSha256 } }, actor);
      logger.info({ keyId: next.id, previousKeyId: previous?.id ?? null, thumbprint: info.thumbprintSha256 }, 'signing key activated');
      return info;
    },

    async retire(id, actor) {
      const rec = await keys.get(id);
      if (rec === null) throw new MfaError('ERR_NOT_FOUND', `no signing key ${id}`, { data: { keyId: id } });
      if (rec.state === 'current') {
        return refuse('federation.key_retired', id, 'current_key', new MfaError('ERR_SIGNING_KEY', `signing key ${id} is the current key; generate and activate a next key before retiring it`, {
          data: { keyId: id },
        }), actor);
      }
      if (!(await keys.retire(id, clock.now()))) throw new MfaError('ERR_NOT_FOUND', `no signing key ${id}`, { data: { keyId: id } });
      await record({ event: 'federation.key_retired', subject: id, outcome: 'success', details: { previousState: rec.state } }, actor);
      if (rec.secretId !== null) {
        await record({ event: 'vault.secret_destroyed', subject: rec.secretId, outcome: 'success', details: { secretId: rec.secretId, purpose: SIGNING_KEY_PURPOSE } }, actor);
      }
      logger.info({ keyId: id, previousState: rec.state }, 'signing key retired');
    },

    async list() {
      return (await keys.list()).map((k) => ({
        id: k.id, state: k.state, keyBits: k.keyBits, notBefore: k.notBefore, notAfter: k.notAfter, thumbprintSha256: toCertInfo(k).thumbprintSha256,
        createdAt: k.createdAt, activatedAt: k.activatedAt, retiredAt: k.retiredAt, hasPrivateKey: k.secretId !== null,
      }));
    },

    status: () => readSigningKeysStatus(keys, clock.now()),
  };
}
