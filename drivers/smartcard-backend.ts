// SPDX-License-Identifier: UNLICENSED
import type { DriverError } from './core/errors.js';
import type { SmartCardConnection } from './transport/smartcard-connection.js';

/**
 * A source of smart-card readers: PC/SC (`drivers/backends/pcsc.ts`) in production, anything that can
 * list readers, announce hot-plug and open a `SmartCardConnection` in tests. No native imports here.
 */

/** A reader as the backend last saw it. */
export interface SmartCardReaderState {
  /** PC/SC reader name, e.g. `Virtual PCD 00 00` or `ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader(1)] 00 00`. */
  name: string;
  /** The card in the reader, or null when the reader is empty. */
  card: { atr: Buffer } | null;
}

/**
 * Everything a backend reports, as one discriminated union (never `emit(err)`).
 * `service-lost` means the backend is dead (pcscd stopped): every reader is then reported detached.
 */
export type SmartCardEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Buffer }
  | { type: 'card-removed'; reader: string }
  | { type: 'service-lost'; error: DriverError };

export type SmartCardEventListener = (event: SmartCardEvent) => void;

/** The minimal structured logger a backend writes to (the agent's `Logger` satisfies it). */
export interface BackendLogger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface SmartCardBackend {
  /**
   * The readers present now, each with its card. Resolves once the backend has enumerated the readers
   * and the state of each, so a fresh backend never reports a present card as absent.
   */
  listReaders(): Promise<SmartCardReaderState[]>;
  /**
   * Subscribes to hot-plug events; returns the unsubscribe function. Listeners run synchronously in the
   * order events happen; a throwing listener is logged and does not stop the others.
   */
  subscribe(listener: SmartCardEventListener): () => void;
  /**
   * Opens a connection to the card in `reader`, holding it exclusively until `close()`: other processes
   * (ykman, another `mfa-appliance`) cannot interleave commands, and get "busy" meanwhile. Rejects with
   * `ERR_READER_GONE` for an unknown reader, `ERR_CARD_REMOVED` when the reader is empty, `ERR_READER_BUSY`
   * when another process holds the card. The connection honours the full `SmartCardConnection` contract;
   * closing it leaves the card powered. A newer connection to the same reader supersedes older ones
   * (`ERR_CANCELED`): serialise jobs per reader (the device manager does).
   */
  connect(reader: string): Promise<SmartCardConnection>;
  /**
   * Releases every native resource (threads, handles, pcscd contexts) so the process can exit.
   * Idempotent. Afterwards `connect` and open connections reject with `ERR_CANCELED`.
   */
  close(): Promise<void>;
}
