// SPDX-License-Identifier: UNLICENSED
import { DriverError } from './core/errors.js';
import { identifyCard, type CardIdentity } from './identify-card.js';
import type { BackendLogger, SmartCardBackend, SmartCardEvent, SmartCardReaderState } from './smartcard-backend.js';
import type { SmartCardConnection } from './transport/smartcard-connection.js';

export interface DeviceManagerOptions {
  backend: SmartCardBackend;
  /** Default: drops everything. */
  logger?: BackendLogger;
  /** Stamps events (`at`, Unix ms). Default `Date.now`. */
  clock?: { now(): number };
}

/** A backend event with the time the manager saw it. */
export type DeviceEvent = SmartCardEvent & { at: number };

export interface WaitForCardOptions {
  /** Give up with `ERR_TIMEOUT` (data.ms) after this long. Default: wait until aborted. */
  timeoutMs?: number;
  /** Aborting rejects with `ERR_CANCELED`. */
  signal?: AbortSignal;
}

/** What a job receives: a connection to the card, valid only until the job settles. */
export interface ReaderJobContext {
  reader: string;
  atr: Buffer;
  connection: SmartCardConnection;
}

export interface RunExclusiveOptions {
  /** Wait for a card (tap) while holding the reader, instead of failing with `ERR_CARD_REMOVED` when it is empty. */
  waitForCard?: WaitForCardOptions;
}

export interface DeviceManager {
  /** Readers and the card (ATR) in each, as the backend sees them now. */
  listReaders(): Promise<SmartCardReaderState[]>;
  /** Hot-plug events in order; returns the unsubscribe function. */
  subscribe(listener: (event: DeviceEvent) => void): () => void;
  /**
   * Resolves with the card's ATR as soon as `reader` holds a card (at once if it already does). Rejects with
   * `ERR_READER_GONE` when the reader is unknown or detaches, `ERR_TIMEOUT`, or `ERR_CANCELED` on abort.
   */
  waitForCard(reader: string, options?: WaitForCardOptions): Promise<{ reader: string; atr: Buffer }>;
  /**
   * Runs `job` with the reader to itself: one job per reader at a time. A second job on a busy reader rejects
   * at once with `ERR_READER_BUSY` (data.reader); jobs on different readers run in parallel. The connection is
   * closed when the job settles, whatever the outcome.
   */
  runExclusive<T>(reader: string, job: (ctx: ReaderJobContext) => Promise<T>, options?: RunExclusiveOptions): Promise<T>;
  /** `identifyCard` on `reader`, as an exclusive job. */
  identify(reader: string): Promise<CardIdentity>;
  /** Closes the backend. */
  close(): Promise<void>;
}

const NULL_LOGGER: BackendLogger = { trace: () => undefined, debug: () => undefined, warn: () => undefined };

/** Discovery, hot-plug, "wait for a tap on reader R" and one exclusive job per reader, over one backend. */
export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const { backend } = options;
  const logger = options.logger ?? NULL_LOGGER;
  const clock = options.clock ?? { now: () => Date.now() };
  const busy = new Set<string>();

  const waitForCard = async (reader: string, opts: WaitForCardOptions = {}): Promise<{ reader: string; atr: Buffer }> => {
    if (opts.signal?.aborted) throw new DriverError('ERR_CANCELED', `waiting for a card on ${reader} was aborted`, { data: { reader } });
    let off = (): void => undefined;
    let timer: NodeJS.Timeout | undefined;
    let onAbort = (): void => undefined;
    const settled = new Promise<{ reader: string; atr: Buffer }>((resolve, reject) => {
      off = backend.subscribe((e) => {
        if (e.type === 'card-inserted' && e.reader === reader) resolve({ reader, atr: e.atr });
        else if (e.type === 'reader-detached' && e.reader === reader) reject(new DriverError('ERR_READER_GONE', `reader ${reader} is gone`, { data: { reader } }));
        else if (e.type === 'service-lost') reject(e.error);
      });
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs;
        timer = setTimeout(() => reject(new DriverError('ERR_TIMEOUT', `no card on ${reader} within ${ms} ms`, { data: { reader, ms } })), ms);
      }
      onAbort = () => reject(new DriverError('ERR_CANCELED', `waiting for a card on ${reader} was aborted`, { data: { reader } }));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const now = (await backend.listReaders()).find((r) => r.name === reader);
      if (!now) throw new DriverError('ERR_READER_GONE', `no reader named "${reader}"`, { data: { reader } });
      if (now.card) return { reader, atr: now.card.atr };
      return await settled;
    } finally {
      off();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      settled.catch(() => undefined);
    }
  };

  const runExclusive = async <T>(reader: string, job: (ctx: ReaderJobContext) => Promise<T>, opts: RunExclusiveOptions = {}): Promise<T> => {
    if (busy.has(reader)) throw new DriverError('ERR_READER_BUSY', `reader ${reader} is busy with another job`, { data: { reader } });
    busy.add(reader);
    let connection: SmartCardConnection | undefined;
    try {
      const card = opts.waitForCard ? await waitForCard(reader, opts.waitForCard) : await presentCard(reader);
      connection = await backend.connect(reader);
      logger.debug({ reader }, 'reader job started');
      return await job({ reader, atr: card.atr, connection });
    } finally {
      await connection?.close();
      busy.delete(reader);
    }
  };

  const presentCard = async (reader: string): Promise<{ atr: Buffer }> => {
    const r = (await backend.listReaders()).find((x) => x.name === reader);
    if (!r) throw new DriverError('ERR_READER_GONE', `no reader named "${reader}"`, { data: { reader } });
    if (!r.card) throw new DriverError('ERR_CARD_REMOVED', `no card in ${reader}`, { data: { reader } });
    return r.card;
  };

  return {
    listReaders: () => backend.listReaders(),
    subscribe(listener) {
      return backend.subscribe((e) => listener({ ...e, at: clock.now() }));
    },
    waitForCard,
    runExclusive,
    identify: (reader) => runExclusive(reader, ({ connection, atr }) => identifyCard(connection, { atr })),
    close: () => backend.close(),
  };
}
