// SPDX-License-Identifier: UNLICENSED
import { AuthFailedError, DriverError } from '../../drivers/core/errors.js';
import { Molto2Session } from '../../drivers/protocol/molto2-session.js';
import { rotateMolto2FactoryKey } from '../../drivers/protocol/rotate-molto2-factory-key.js';
import { MOLTO2_FACTORY_CUSTOMER_KEY } from '../../drivers/protocol/token2/token2-crypto.js';
import type { SmartCardConnection } from '../../drivers/transport/smartcard-connection.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { DEVICE_KEY_PURPOSE } from './device-key-purpose.js';

const CUSTOMER_KEY_BYTES = 16;

export interface OpenMolto2Deps {
  store: Store;
  vault: Vault;
  clock: Clock;
  random: Random;
}

export interface OpenMolto2Options {
  /** Told once, just before the key change waits for ▲ on the token. */
  onButton: () => void;
  /** How long to wait for ▲. */
  buttonTimeoutMs: number;
  /** Pause between polls while waiting for ▲. */
  pollIntervalMs: number;
  /** Aborting ends the wait for ▲ with `ERR_CANCELED`. */
  signal?: AbortSignal;
}

/**
 * A Molto2 session under the token's own customer key, rotating the factory key away first when needed.
 * Rules:
 * - the per-device key is 16 random bytes, sealed (purpose `token-device-key`) and referenced from the token row
 *   BEFORE the key change is requested, so a crash after ▲ can never leave a token whose key is lost;
 * - a token with a sealed key is tried with it first; refused (the change was never committed), the factory key
 *   is tried and the same sealed key is rotated in; at most one wrong try is spent on the token's counter;
 * - a token that takes neither key rejects with `AuthFailedError` (hint: wrong key) and a key created by this call
 *   is destroyed again.
 * The row must be in `needs_reprogramming`.
 */
export async function openMolto2Session(deps: OpenMolto2Deps, tokenId: string, connection: SmartCardConnection, options: OpenMolto2Options): Promise<Molto2Session> {
  const { store, vault } = deps;
  const sessionOptions = { now: () => deps.clock.now(), sleep: (ms: number) => abortableSleep(ms, options.signal) };
  const stored = (await store.tokens.programmingState(tokenId))?.deviceKeySecretId ?? null;
  const key = stored !== null ? await vault.open(stored, DEVICE_KEY_PURPOSE) : freshKey(deps.random);
  try {
    let created: string | null = null;
    if (stored !== null) {
      const session = new Molto2Session(connection, { ...sessionOptions, customerKey: key });
      try {
        await session.authenticate();
        return session;
      } catch (err) {
        if (!(err instanceof AuthFailedError)) throw err;
      }
    } else {
      const sealed = vault.sealRecord(DEVICE_KEY_PURPOSE, key);
      const change = { patch: { updatedAt: deps.clock.now() }, programming: { deviceKeySecretId: sealed.id }, insert: [sealed] };
      if (!(await store.tokens.applyProgramming(tokenId, change, ['needs_reprogramming']))) {
        throw new DriverError('ERR_CANCELED', 'the token row left needs_reprogramming before its key was sealed');
      }
      created = sealed.id;
    }
    try {
      await rotateMolto2FactoryKey(connection, key, {
        ...sessionOptions, timeoutMs: options.buttonTimeoutMs, pollIntervalMs: options.pollIntervalMs,
        onStatus: (status) => { if (status === 'awaiting-button') options.onButton(); },
      });
    } catch (err) {
      if (created !== null && err instanceof AuthFailedError) {
        const undo = { patch: { updatedAt: deps.clock.now() }, programming: { deviceKeySecretId: null }, destroy: [created] };
        await store.tokens.applyProgramming(tokenId, undo, ['needs_reprogramming']);
      }
      throw err;
    }
    return new Molto2Session(connection, { ...sessionOptions, customerKey: key });
  } finally {
    key.fill(0);
  }
}

function freshKey(random: Random): Buffer {
  for (;;) {
    const key = random.bytes(CUSTOMER_KEY_BYTES);
    if (!key.equals(MOLTO2_FACTORY_CUSTOMER_KEY)) return key;
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DriverError('ERR_CANCELED', 'cancelled while waiting for ▲ on the token'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DriverError('ERR_CANCELED', 'cancelled while waiting for ▲ on the token'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
