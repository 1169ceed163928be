// SPDX-License-Identifier: UNLICENSED
import { afterEach, describe, expect, it } from 'vitest';
import { createPcscBackend } from '../../../drivers/backends/pcsc.js';
import { DriverError } from '../../../drivers/core/errors.js';
import { attachToVpcd, type VpcdAttachment } from '../../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import type { SmartCardBackend, SmartCardEvent } from '../../../drivers/smartcard-backend.js';
import { withVirtualReader, type VirtualReader } from '../../helpers/pcscd.js';

const ATR = Buffer.from('3b8c800150000000000000000000000083', 'hex');
const SELECT = Buffer.from('00a4040007a0000005272101', 'hex');

/**
 * A card that answers by a script: SELECT → `79 03 05 04 03 9000`; `00 EE` echoes its data; `00 E1` answers
 * one byte (no SW); `00 E0` answers nothing; `00 DD` tears (the card leaves mid-command); `00 D5` stalls
 * until `release()`. Enough to exercise the PC/SC path; protocol emulators are tested elsewhere.
 */
class ScriptedCard implements CardEmulator {
  readonly atr = ATR;
  resets = 0;
  #stalled: (() => void) | null = null;
  reset(): void {
    this.resets += 1;
  }
  powerOff(): void {}
  release(): void {
    this.#stalled?.();
  }
  async process(apdu: Buffer): Promise<Buffer> {
    await new Promise((r) => setImmediate(r));
    if (apdu.subarray(0, 2).equals(Buffer.from([0x00, 0xa4]))) return Buffer.from('79030504039000', 'hex');
    if (apdu[1] === 0xee) return Buffer.concat([apdu.subarray(5), Buffer.from([0x90, 0x00])]);
    if (apdu[1] === 0xe1) return Buffer.from([0x90]);
    if (apdu[1] === 0xe0) return Buffer.alloc(0);
    if (apdu[1] === 0xdd) throw new DriverError('ERR_CARD_REMOVED', 'torn');
    if (apdu[1] === 0xd5) {
      await new Promise<void>((r) => { this.#stalled = r; });
      return Buffer.from([0x90, 0x00]);
    }
    return Buffer.from([0x6d, 0x00]);
  }
}

function nextEvent(backend: SmartCardBackend, match: (e: SmartCardEvent) => boolean, timeoutMs = 5000): Promise<SmartCardEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('no matching event in time')); }, timeoutMs);
    const off = backend.subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof DriverError ? err.code : `not a DriverError: ${String(err)}`;
  }
}

let backend: SmartCardBackend | undefined;
let attachment: VpcdAttachment | undefined;
afterEach(async () => {
  await attachment?.close();
  await backend?.close();
  attachment = undefined;
  backend = undefined;
});

/** Leases a virtual reader; the card is taken out before the lease ends, so the next lessee finds it empty. */
function withReader(fn: (reader: VirtualReader) => Promise<void>): () => Promise<void> {
  return () => withVirtualReader(async (reader) => {
    try {
      await fn(reader);
    } finally {
      await attachment?.close();
      attachment = undefined;
      if (backend) await waitForEmpty(backend, reader.name).catch(() => undefined);
    }
  });
}

async function until(pred: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until pcscd reports `reader` empty (it polls vpcd, so a card removed just before may still show). */
async function waitForEmpty(b: SmartCardBackend, reader: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await b.listReaders()).find((r) => r.name === reader)?.card) {
    if (Date.now() > deadline) throw new Error(`${reader} still holds a card`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Inserts `card` into the leased (empty) reader and waits until the backend has connected to it. */
async function insert(b: SmartCardBackend, reader: { name: string; port: number }, card: CardEmulator): Promise<SmartCardEvent> {
  await waitForEmpty(b, reader.name);
  let attached = false;
  const inserted = nextEvent(b, (e) => attached && e.type === 'card-inserted' && e.reader === reader.name);
  attachment = attachToVpcd(card, { port: reader.port });
  await attachment.ready;
  attached = true;
  return inserted;
}

describe('createPcscBackend', () => {
  it('rejects with ERR_PCSCD_UNAVAILABLE naming how to start pcscd when nothing listens on the socket', async () => {
    const err = await createPcscBackend({ socketPath: '/nonexistent/pcscd.comm' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).code).toBe('ERR_PCSCD_UNAVAILABLE');
    expect((err as DriverError).message).toContain('systemctl start pcscd');
    expect((err as DriverError).message).toContain('pcscd -f');
    expect((err as DriverError).data).toMatchObject({ socket: '/nonexistent/pcscd.comm', errno: 'ENOENT' });
  });

  it('lists both vpcd readers, reports card insertion with its ATR and removal', withReader(async (reader) => {
    backend = await createPcscBackend();
    const before = await backend.listReaders();
    expect(before.map((r) => r.name)).toEqual(expect.arrayContaining(['Virtual PCD 00 00', 'Virtual PCD 00 01']));
    expect(before.find((r) => r.name === reader.name)?.card).toBeNull();

    const inserted = await insert(backend, reader, new ScriptedCard());
    expect(inserted).toEqual({ type: 'card-inserted', reader: reader.name, atr: ATR });
    expect((await backend.listReaders()).find((r) => r.name === reader.name)?.card).toEqual({ atr: ATR });

    const removed = nextEvent(backend, (e) => e.type === 'card-removed' && e.reader === reader.name);
    await attachment?.close();
    expect(await removed).toEqual({ type: 'card-removed', reader: reader.name });
    expect((await backend.listReaders()).find((r) => r.name === reader.name)?.card).toBeNull();
  }));

  it('sees a card that was already in the reader when it started', withReader(async (reader) => {
    const card = new ScriptedCard();
    attachment = attachToVpcd(card, { port: reader.port });
    await attachment.ready;
    const first = await createPcscBackend();
    await until(async () => Boolean((await first.listReaders()).find((r) => r.name === reader.name)?.card));
    await first.close();
    backend = await createPcscBackend();
    expect((await backend.listReaders()).find((r) => r.name === reader.name)?.card).toEqual({ atr: ATR });
    const conn = await backend.connect(reader.name);
    expect((await conn.transmit(SELECT)).sw).toBe(0x9000);
  }));

  it('transmits: reply split into data and SW on a later tick, overlapping calls refused, 255-byte echo intact', withReader(async (reader) => {
    backend = await createPcscBackend();
    await insert(backend, reader, new ScriptedCard());
    const conn = await backend.connect(reader.name);
    expect(conn.kind).toBe('nfc');
    let settled = false;
    const first = conn.transmit(SELECT).then((r) => { settled = true; return r; });
    expect(settled).toBe(false);
    expect(await codeOf(conn.transmit(SELECT))).toBe('ERR_PROTOCOL');
    expect(await first).toEqual({ data: Buffer.from('7903050403', 'hex'), sw: 0x9000 });
    const payload = Buffer.alloc(255, 0xa5);
    const echo = await conn.transmit(Buffer.concat([Buffer.from([0x00, 0xee, 0x00, 0x00, 0xff]), payload]));
    expect(echo).toEqual({ data: payload, sw: 0x9000 });
    expect(await conn.transmit(Buffer.from('00ba000000', 'hex'))).toEqual({ data: Buffer.alloc(0), sw: 0x6d00 });
  }));

  it('rejects ERR_TRUNCATED_RESPONSE for a reply shorter than a status word', withReader(async (reader) => {
    backend = await createPcscBackend();
    await insert(backend, reader, new ScriptedCard());
    const conn = await backend.connect(reader.name);
    expect(await codeOf(conn.transmit(Buffer.from('00e1000000', 'hex')))).toBe('ERR_TRUNCATED_RESPONSE');
    expect((await conn.transmit(SELECT)).sw).toBe(0x9000);
  }));

  it('rejects ERR_CARD_REMOVED when the card tears mid-command, and for later commands on that connection', withReader(async (reader) => {
    backend = await createPcscBackend();
    await insert(backend, reader, new ScriptedCard());
    const conn = await backend.connect(reader.name);
    expect((await conn.transmit(SELECT)).sw).toBe(0x9000);
    const removed = nextEvent(backend, (e) => e.type === 'card-removed' && e.reader === reader.name);
    expect(await codeOf(conn.transmit(Buffer.from('00dd000000', 'hex')))).toBe('ERR_CARD_REMOVED');
    await removed;
    expect(await codeOf(conn.transmit(SELECT))).toBe('ERR_CARD_REMOVED');
    expect(await codeOf(backend.connect(reader.name))).toBe('ERR_CARD_REMOVED');
  }));

  it('cancels a pending command on close (ERR_CANCELED) and refuses later ones; the card stays usable', withReader(async (reader) => {
    backend = await createPcscBackend();
    const card = new ScriptedCard();
    await insert(backend, reader, card);
    const conn = await backend.connect(reader.name);
    const pending = codeOf(conn.transmit(Buffer.from('00d5000000', 'hex')));
    await new Promise((r) => setTimeout(r, 100));
    await conn.close();
    expect(await pending).toBe('ERR_CANCELED');
    expect(await codeOf(conn.transmit(SELECT))).toBe('ERR_CANCELED');
    card.release();
    const again = await backend.connect(reader.name);
    expect((await again.transmit(SELECT)).sw).toBe(0x9000);
  }));

  it('holds the card exclusively while a connection is open: another client is busy until it closes', withReader(async (reader) => {
    backend = await createPcscBackend();
    await insert(backend, reader, new ScriptedCard());
    const other = await createPcscBackend({ busyWaitMs: 200 });
    try {
      const conn = await backend.connect(reader.name);
      expect((await conn.transmit(SELECT)).sw).toBe(0x9000);
      const busy = await other.connect(reader.name).catch((e: unknown) => e);
      expect(busy).toMatchObject({ code: 'ERR_READER_BUSY', data: { reader: reader.name, pcsc: '0x8010000b' } });
      await conn.close();
      const theirs = await other.connect(reader.name);
      expect((await theirs.transmit(SELECT)).sw).toBe(0x9000);
      expect(await codeOf(conn.transmit(SELECT))).toBe('ERR_CANCELED');
      await theirs.close();
    } finally {
      await other.close();
    }
  }));

  it('names an unknown reader ERR_READER_GONE and, once closed, refuses with ERR_CANCELED', async () => {
    backend = await createPcscBackend();
    const err = await backend.connect('No Such Reader 00 00').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_READER_GONE', data: { reader: 'No Such Reader 00 00' } });
    await backend.close();
    expect(await codeOf(backend.listReaders())).toBe('ERR_CANCELED');
    expect(await codeOf(backend.connect('Virtual PCD 00 00'))).toBe('ERR_CANCELED');
  });
});
