// SPDX-License-Identifier: UNLICENSED
import type { NFC, Reader } from 'nfc-pcsc';
import { DriverError } from '../core/errors.js';
import type { BackendLogger, SmartCardBackend, SmartCardEvent, SmartCardEventListener, SmartCardReaderState } from '../smartcard-backend.js';
import type { ApduResponse, SmartCardConnection } from '../transport/smartcard-connection.js';
import { mapPcscError } from './map-pcsc-error.js';
import { DEFAULT_PCSCD_SOCKET, pcscdUnavailableMessage, probePcscd } from './probe-pcscd.js';

export interface PcscBackendOptions {
  /** Where pcscd listens. Default `/run/pcscd/pcscd.comm`; pass `$PCSCLITE_CSOCK_NAME` when set (libpcsclite honours it). */
  socketPath?: string;
  /** Default: a logger that drops everything. APDU bytes are never logged here (see the traffic log). */
  logger?: BackendLogger;
  /** Largest reply (data + SW) accepted from a card. Default 65538, an extended-length APDU. */
  maxResponseLength?: number;
  /** How long to wait for pcscd's first reader enumeration. Default 5000 ms. */
  enumerateTimeoutMs?: number;
  /** How long a freshly seen card may take to be connected before it is reported anyway. Default 1000 ms. */
  cardSettleMs?: number;
  /**
   * After a reply shorter than a status word, how long to watch for the card leaving (pcscd polls readers
   * such as vpcd every 400 ms) before deciding `ERR_TRUNCATED_RESPONSE` rather than `ERR_CARD_REMOVED`. Default 1500 ms.
   */
  removalGraceMs?: number;
  /**
   * How long `connect` keeps retrying while another process holds the card (a short probe such as
   * `mfa-appliance readers` or ykman) before rejecting with `ERR_READER_BUSY`. Default 2000 ms.
   */
  busyWaitMs?: number;
}

/** One PC/SC reader: nfc-pcsc's `Reader` plus what we saw of it. */
interface Slot {
  readonly nfc: Reader;
  /** Raw presence and ATR from the pcsclite `status` event. */
  present: boolean;
  atr: Buffer | null;
  /** Bumped when the card leaves; a connection opened for an older card is dead. */
  generation: number;
  /** Bumped on every `connect`: only the newest connection to a reader may transmit. */
  handle: number;
  /** Native connect/disconnect calls, one at a time (libuv runs them on any pool thread, in any order). */
  native: Promise<unknown>;
  gone: boolean;
  /** Resolves when the first status is known and a present card is connected (or `cardSettleMs` passed). */
  settled: Promise<void>;
  announced: () => void;
}

const BUSY_RETRY_MS = 50;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
const NULL_LOGGER: BackendLogger = { trace: () => undefined, debug: () => undefined, warn: () => undefined };

/**
 * The PC/SC backend over nfc-pcsc (the only importer of it, loaded lazily). Rejects with
 * `ERR_PCSCD_UNAVAILABLE` when pcscd is not running. Every nfc-pcsc reader gets `autoProcessing = false`
 * and an `error` handler; cards are connected in shared mode by nfc-pcsc on insertion.
 */
export async function createPcscBackend(options: PcscBackendOptions = {}): Promise<SmartCardBackend> {
  const socketPath = options.socketPath ?? DEFAULT_PCSCD_SOCKET;
  const logger = options.logger ?? NULL_LOGGER;
  const maxResponse = options.maxResponseLength ?? 65538;
  const cardSettleMs = options.cardSettleMs ?? 1000;
  const removalGraceMs = options.removalGraceMs ?? 1500;
  const busyWaitMs = options.busyWaitMs ?? 2000;
  await probePcscd(socketPath);
  const mod = (await import('nfc-pcsc')) as typeof import('nfc-pcsc') & { default?: typeof import('nfc-pcsc') };
  const NfcClass = mod.NFC ?? mod.default?.NFC;

  const slots = new Map<string, Slot>();
  const listeners = new Set<SmartCardEventListener>();
  let closed = false;
  let lost: DriverError | null = null;
  const emit = (event: SmartCardEvent): void => {
    if (closed) return;
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (err) {
        logger.warn({ err, event: event.type }, 'smart-card event listener threw');
      }
    }
  };

  // nfc-pcsc's own logger receives APDU bytes at debug level: only its warnings and errors pass, as text.
  const libLogger = {
    log: () => undefined, debug: () => undefined, info: () => undefined,
    warn: (...a: unknown[]) => logger.warn({ lib: 'nfc-pcsc' }, a.map(String).join(' ')),
    error: (...a: unknown[]) => logger.debug({ lib: 'nfc-pcsc' }, a.map(String).join(' ')),
  };
  const nfc: NFC = new NfcClass(libLogger);
  // @pokusew/pcsclite enumerates on the next tick and says nothing when there are no readers; wrapping
  // its `start` callback is the only signal that the first enumeration is complete.
  let enumerated!: () => void;
  const firstEnumeration = new Promise<void>((r) => { enumerated = r; });
  const pcsc = nfc.pcsc;
  const nativeStart = pcsc.start.bind(pcsc);
  pcsc.start = (cb) => nativeStart((err, data) => {
    cb(err, data);
    enumerated();
  });

  nfc.on('error', (err: unknown) => {
    if (lost || closed) return;
    lost = new DriverError('ERR_PCSCD_UNAVAILABLE', pcscdUnavailableMessage(socketPath, `the service stopped: ${String((err as Error)?.message ?? err)}`), {
      data: { socket: socketPath }, cause: err,
    });
    logger.warn({ err: lost.message }, 'PC/SC service lost');
    for (const [name, slot] of slots) detach(name, slot);
    emit({ type: 'service-lost', error: lost });
  });

  const detach = (name: string, slot: Slot): void => {
    if (slot.gone) return;
    slot.gone = true;
    slot.generation += 1;
    slots.delete(name);
    slot.announced();
    if (slot.present) emit({ type: 'card-removed', reader: name });
    emit({ type: 'reader-detached', reader: name });
  };

  nfc.on('reader', (reader: Reader) => {
    const name = reader.name;
    reader.autoProcessing = false;
    let announced!: () => void;
    let sawStatus!: () => void;
    const cardAnnounced = new Promise<void>((r) => { announced = r; });
    const firstStatus = new Promise<void>((r) => { sawStatus = r; });
    const slot: Slot = {
      nfc: reader, present: false, atr: null, generation: 0, handle: 0, native: Promise.resolve(), gone: false, announced,
      settled: firstStatus.then(() => (slot.present ? Promise.race([cardAnnounced, sleep(cardSettleMs)]) : undefined)),
    };
    slots.set(name, slot);
    reader.on('error', (err: unknown) => logger.debug({ reader: name, err: String(err) }, 'reader error'));
    reader.reader.on('status', (status: { state: number; atr?: Buffer }) => {
      const present = (status.state & reader.reader.SCARD_STATE_PRESENT) !== 0;
      if (!present && slot.present) slot.generation += 1;
      slot.present = present;
      slot.atr = present && status.atr && status.atr.length > 0 ? Buffer.from(status.atr) : null;
      sawStatus();
    });
    reader.on('card', (card: { atr?: Buffer }) => {
      announced();
      // nfc-pcsc connected (shared) to announce the card; an idle handle would keep other processes from
      // taking the card exclusively, so give it back until a job connects.
      void queueNative(slot, () => release(slot)).catch(() => undefined);
      emit({ type: 'card-inserted', reader: name, atr: Buffer.from(card.atr ?? slot.atr ?? Buffer.alloc(0)) });
    });
    reader.on('card.off', () => emit({ type: 'card-removed', reader: name }));
    reader.on('end', () => detach(name, slot));
    logger.debug({ reader: name }, 'reader attached');
    emit({ type: 'reader-attached', reader: name });
  });

  const ready = Promise.race([
    firstEnumeration,
    sleep(options.enumerateTimeoutMs ?? 5000),
  ]).then(() => Promise.all([...slots.values()].map((s) => s.settled)));

  const live = (): void => {
    if (closed) throw new DriverError('ERR_CANCELED', 'the PC/SC backend is closed');
    if (lost) throw lost;
  };

  return {
    async listReaders(): Promise<SmartCardReaderState[]> {
      live();
      await ready;
      return [...slots.entries()]
        .map(([name, s]) => ({ name, card: s.present ? { atr: Buffer.from(s.atr ?? Buffer.alloc(0)) } : null }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    subscribe(listener: SmartCardEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async connect(readerName: string): Promise<SmartCardConnection> {
      live();
      await ready;
      const slot = slots.get(readerName);
      if (!slot) throw new DriverError('ERR_READER_GONE', `no reader named "${readerName}"`, { data: { reader: readerName } });
      await slot.settled;
      if (!slot.present) throw new DriverError('ERR_CARD_REMOVED', `no card in ${readerName}`, { data: { reader: readerName } });
      // A fresh, exclusive card handle for every connection: no other process can interleave APDUs with a
      // job (a SELECT between a Token2 challenge and its answer would spoil it), and a reset by another
      // process since our last use cannot leave us a stale handle. Closing releases it, card left powered.
      slot.handle += 1;
      for (const deadline = Date.now() + busyWaitMs; ;) {
        try {
          await queueNative(slot, async () => {
            await release(slot);
            await connectExclusive(slot);
          });
          break;
        } catch (err) {
          const mapped = mapPcscError(err, readerName, 'ERR_READER_BUSY');
          if (mapped.code !== 'ERR_READER_BUSY' || Date.now() >= deadline || slot.gone) throw mapped;
          await sleep(BUSY_RETRY_MS);
        }
      }
      live();
      const handle = slot.handle;
      return createPcscConnection(slot, readerName, maxResponse, removalGraceMs, () => closed, () => lost, async () => {
        if (slot.handle === handle && !slot.gone) await queueNative(slot, () => release(slot)).catch(() => undefined);
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      listeners.clear();
      const all = [...slots.values()];
      slots.clear();
      // A release queued behind a native call that pcscd never answers (a card leaving mid-command) would
      // hold close forever: release what answers within RELEASE_WAIT_MS, then close natively regardless.
      const released = Promise.all(all.map((s) => queueNative(s, () => release(s)).catch(() => undefined)));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([released, new Promise<void>((r) => { timer = setTimeout(r, RELEASE_WAIT_MS); })]);
      clearTimeout(timer);
      // The native close methods take the reader's mutex, which @pokusew/pcsclite holds while it delivers a
      // status event, microtasks included: calling them from a promise chain that such an event resumed
      // deadlocks the main thread. A fresh macrotask is outside every native callback.
      await new Promise<void>((r) => setImmediate(r));
      for (const slot of all) slot.nfc.close();
      nfc.close();
    },
  };
}

/** How long `close` waits for card handles to be released before closing the readers anyway. */
const RELEASE_WAIT_MS = 2000;

function queueNative<T>(slot: Slot, op: () => Promise<T>): Promise<T> {
  const next = slot.native.then(op, op);
  slot.native = next.catch(() => undefined);
  return next;
}

/** Drops our card handle, if any (SCARD_LEAVE_CARD: the card stays powered). */
async function release(slot: Slot): Promise<void> {
  if (slot.nfc.connection) await slot.nfc.disconnect();
}

/**
 * nfc-pcsc's `connect` only knows shared and direct mode, so open the handle through the underlying
 * @pokusew/pcsclite reader (its documented `connect({ share_mode })`) and hand it to nfc-pcsc's `transmit`.
 */
function connectExclusive(slot: Slot): Promise<void> {
  const r = slot.nfc.reader;
  return new Promise((resolve, reject) => {
    r.connect({ share_mode: r.SCARD_SHARE_EXCLUSIVE }, (err, protocol) => {
      if (err) {
        reject(err);
        return;
      }
      slot.nfc.connection = { type: r.SCARD_SHARE_EXCLUSIVE, protocol: protocol ?? 0 };
      resolve();
    });
  });
}

/** `ATR[1] & 0xF0 == 0xF0` means a USB device (yubikit's guess, token-hardware.md §1.8); otherwise NFC. */
function transportKind(atr: Buffer | null): 'usb' | 'nfc' {
  return atr && atr.length > 1 && ((atr[1] ?? 0) & 0xf0) === 0xf0 ? 'usb' : 'nfc';
}

function createPcscConnection(
  slot: Slot, reader: string, maxResponse: number, removalGraceMs: number, backendClosed: () => boolean, serviceLost: () => DriverError | null,
  releaseHandle: () => Promise<void>,
): SmartCardConnection {
  const generation = slot.generation;
  const handle = slot.handle;
  let busy = false;
  let closed = false;
  let cancel: ((err: DriverError) => void) | null = null;
  const canceled = (): DriverError => new DriverError('ERR_CANCELED', 'the connection is closed', { data: { reader } });
  const cardState = (): DriverError | null => {
    if (closed || backendClosed()) return canceled();
    if (slot.handle !== handle) return new DriverError('ERR_CANCELED', `a newer connection to ${reader} superseded this one`, { data: { reader } });
    const lost = serviceLost();
    if (lost) return lost;
    if (slot.gone) return new DriverError('ERR_READER_GONE', `reader ${reader} is gone`, { data: { reader } });
    if (slot.generation !== generation || !slot.present) return new DriverError('ERR_CARD_REMOVED', `the card left ${reader}`, { data: { reader } });
    return null;
  };
  const cardLeaves = async (ms: number): Promise<boolean> => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(25)) if (cardState()) return true;
    return cardState() !== null;
  };

  return {
    kind: transportKind(slot.atr),
    async transmit(apdu: Buffer): Promise<ApduResponse> {
      const before = cardState();
      if (before) throw before;
      if (busy) throw new DriverError('ERR_PROTOCOL', 'overlapping transmit: one APDU at a time', { data: { reader } });
      busy = true;
      try {
        const native = (async () => slot.nfc.transmit(Buffer.from(apdu), maxResponse))();
        const abort = new Promise<never>((_, reject) => { cancel = reject; });
        let reply: Buffer;
        try {
          reply = await Promise.race([native, abort]);
        } catch (err) {
          if (err instanceof DriverError && err.code === 'ERR_CANCELED') {
            native.catch(() => undefined);
            throw err;
          }
          throw cardState() ?? mapPcscError(err, reader, 'ERR_CARD_REMOVED');
        }
        if (closed || backendClosed()) throw canceled();
        if (reply.length < 2) {
          // vpcd (and some readers) answer a torn command with an empty reply; pcscd reports the card gone
          // only at its next poll, so wait for that before calling the reply truncated.
          if (await cardLeaves(removalGraceMs)) throw cardState() ?? canceled();
          throw new DriverError('ERR_TRUNCATED_RESPONSE', `reply of ${reply.length} bytes has no status word`, { data: { reader } });
        }
        return { data: Buffer.from(reply.subarray(0, reply.length - 2)), sw: reply.readUInt16BE(reply.length - 2) };
      } finally {
        busy = false;
        cancel = null;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      cancel?.(canceled());
      // Not awaited: a command still running in pcscd holds the handle until it completes; later connects
      // queue behind the release.
      void releaseHandle();
    },
  };
}
