// SPDX-License-Identifier: UNLICENSED
import { inspect } from 'node:util';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SealedSecretRecord, SecretStore } from '../store/store.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import type { Keyring } from './keyring.js';

export interface VaultStatus {
  activeKid: string;
  isDemo: boolean;
  /** Sealed secrets per master key id; more than one kid means a rotation is unfinished. */
  countsByKid: Record<string, number>;
}

/**
 * Seals seeds, token keys, signing keys and client secrets (see `envelope.ts` for the layouts).
 * Contracts:
 * - plaintext goes in through `seal`/`replace` and comes out only through `open`; nothing is logged
 *   but ids, purposes and kids;
 * - `open` and `replace` require the purpose the secret was sealed with; a missing secret or another
 *   purpose is `ERR_NOT_FOUND`, a record that fails authentication is `ERR_VAULT_DECRYPT`, and a
 *   record wrapped by a key that is not loaded is `ERR_VAULT_UNKNOWN_KEY`;
 * - no key material is reachable through enumerable properties, `toJSON` or `util.inspect`.
 * Callers should zero the buffers they pass in and get back once done with them.
 */
export interface Vault {
  readonly activeKid: string;
  readonly isDemo: boolean;
  /** Seals `plaintext` under a new id (returned). `purpose` is `[a-z][a-z0-9-]{0,63}`, e.g. `token-seed`. */
  seal(purpose: string, plaintext: Buffer): Promise<string>;
  /**
   * Seals `plaintext` under a new id without storing it, for callers that insert the record in their own
   * transaction (a token and its seed together, a whole import at once).
   */
  sealRecord(purpose: string, plaintext: Buffer): SealedSecretRecord;
  open(id: string, purpose: string): Promise<Buffer>;
  /** Seals new plaintext under an existing id with a fresh data key, in one atomic store update. */
  replace(id: string, purpose: string, plaintext: Buffer): Promise<void>;
  /** Deletes the sealed secret; false when there was none. */
  destroy(id: string): Promise<boolean>;
  status(): Promise<VaultStatus>;
}

export interface VaultDeps {
  store: SecretStore;
  keyring: Keyring;
  clock: Clock;
  random: Random;
  logger: Logger;
}

class VaultImpl implements Vault {
  readonly #deps: VaultDeps;

  constructor(deps: VaultDeps) {
    this.#deps = { ...deps, logger: deps.logger.child({ module: 'vault' }) };
  }

  get activeKid(): string {
    return this.#deps.keyring.active;
  }

  get isDemo(): boolean {
    return this.#deps.keyring.isDemo;
  }

  async seal(purpose: string, plaintext: Buffer): Promise<string> {
    const { store, keyring, random, clock, logger } = this.#deps;
    const id = random.uuid();
    const sealed = sealEnvelope(keyring, random, purpose, id, plaintext);
    const now = clock.now();
    await store.put({ id, purpose, ...sealed, createdAt: now, updatedAt: now });
    logger.debug({ id, purpose, kid: sealed.kid }, 'secret sealed');
    return id;
  }

  sealRecord(purpose: string, plaintext: Buffer): SealedSecretRecord {
    const { keyring, random, clock } = this.#deps;
    const id = random.uuid();
    const now = clock.now();
    return { id, purpose, ...sealEnvelope(keyring, random, purpose, id, plaintext), createdAt: now, updatedAt: now };
  }

  async open(id: string, purpose: string): Promise<Buffer> {
    const record = await this.#deps.store.get(id);
    if (record === null || record.purpose !== purpose) throw notFound(id, purpose);
    return openEnvelope(this.#deps.keyring, record);
  }

  async replace(id: string, purpose: string, plaintext: Buffer): Promise<void> {
    const { store, keyring, random, clock, logger } = this.#deps;
    const old = await store.get(id);
    if (old === null || old.purpose !== purpose) throw notFound(id, purpose);
    const sealed = sealEnvelope(keyring, random, purpose, id, plaintext);
    if (!(await store.replace({ id, purpose, ...sealed, createdAt: old.createdAt, updatedAt: clock.now() }))) throw notFound(id, purpose);
    logger.debug({ id, purpose, kid: sealed.kid }, 'secret replaced');
  }

  async destroy(id: string): Promise<boolean> {
    const deleted = await this.#deps.store.delete(id);
    if (deleted) this.#deps.logger.debug({ id }, 'secret destroyed');
    return deleted;
  }

  async status(): Promise<VaultStatus> {
    return { activeKid: this.activeKid, isDemo: this.isDemo, countsByKid: await this.#deps.store.countByKid() };
  }

  toJSON(): object {
    return { activeKid: this.activeKid, isDemo: this.isDemo };
  }

  [inspect.custom](): string {
    return `Vault { activeKid: ${JSON.stringify(this.activeKid)} }`;
  }
}

function notFound(id: string, purpose: string): MfaError {
  return new MfaError('ERR_NOT_FOUND', `no sealed secret ${id} with purpose ${purpose}`, { data: { id, purpose } });
}

/** A vault over `deps.store`. A demo key is reported by `isDemo`; `serve` announces it at start. */
export function createVault(deps: VaultDeps): Vault {
  return new VaultImpl(deps);
}
