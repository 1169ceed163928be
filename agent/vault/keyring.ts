// SPDX-License-Identifier: UNLICENSED
import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { MfaError } from '../errors.js';
import type { MasterKey } from './master-key-file.js';

/**
 * The master keys the vault may use. Contract: `active` wraps every new data key; `get(kid)` returns
 * the key for any kid in `kids` (active first) and undefined otherwise. Key material never appears in
 * enumerable properties, `JSON.stringify` or `util.inspect` (they show kids only).
 */
export interface Keyring {
  /** Kid of the key that wraps new data keys. */
  readonly active: string;
  /** All kids, active first. */
  readonly kids: readonly string[];
  /** True when the active key is a demo key (kid `demo-…`). */
  readonly isDemo: boolean;
  get(kid: string): KeyObject | undefined;
}

class KeyringImpl implements Keyring {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly active: string;
  readonly kids: readonly string[];
  readonly isDemo: boolean;

  constructor(keys: readonly MasterKey[]) {
    const first = keys[0];
    if (first === undefined) throw new MfaError('ERR_INVALID_INPUT', 'a keyring needs at least one master key');
    const map = new Map<string, KeyObject>();
    for (const k of keys) {
      if (map.has(k.kid)) throw new MfaError('ERR_INVALID_INPUT', `duplicate master key id ${k.kid}`);
      map.set(k.kid, k.key);
    }
    this.#keys = map;
    this.active = first.kid;
    this.kids = Object.freeze(keys.map((k) => k.kid));
    this.isDemo = first.isDemo;
  }

  get(kid: string): KeyObject | undefined {
    return this.#keys.get(kid);
  }

  toJSON(): object {
    return { active: this.active, kids: this.kids, isDemo: this.isDemo };
  }

  [inspect.custom](): string {
    return `Keyring { active: ${JSON.stringify(this.active)}, kids: ${JSON.stringify(this.kids)} }`;
  }
}

/** A keyring over `keys` (first = active). Throws `ERR_INVALID_INPUT` on an empty list or duplicate kids. */
export function createKeyring(keys: readonly MasterKey[]): Keyring {
  return new KeyringImpl(keys);
}
