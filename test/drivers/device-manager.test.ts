// SPDX-License-Identifier: UNLICENSED
import { afterEach, describe, expect, it } from 'vitest';
import { createPcscBackend } from '../../drivers/backends/pcsc.js';
import { DriverError } from '../../drivers/core/errors.js';
import { createDeviceManager, type DeviceEvent, type DeviceManager } from '../../drivers/device-manager.js';
import { attachToVpcd, type VpcdAttachment } from '../../drivers/emulator/attach-to-vpcd.js';
import { OathCardEmulator } from '../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../drivers/emulator/token2-token-emulator.js';
import { withVirtualReader, type VirtualReader } from '../helpers/pcscd.js';

let manager: DeviceManager | undefined;
let attachment: VpcdAttachment | undefined;
afterEach(async () => {
  await attachment?.close();
  await manager?.close();
  attachment = undefined;
  manager = undefined;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof DriverError ? err.code : `not a DriverError: ${String(err)}`;
  }
}

async function waitForEmpty(m: DeviceManager, reader: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await m.listReaders()).find((r) => r.name === reader)?.card) {
    if (Date.now() > deadline) throw new Error(`${reader} still holds a card`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A manager over real pcscd, with the leased reader empty at the start and emptied again at the end. */
function withManager(fn: (m: DeviceManager, reader: VirtualReader) => Promise<void>): () => Promise<void> {
  return () => withVirtualReader(async (reader) => {
    const m = createDeviceManager({ backend: await createPcscBackend(), clock: { now: () => 1_700_000_000_000 } });
    manager = m;
    await waitForEmpty(m, reader.name);
    try {
      await fn(m, reader);
    } finally {
      await attachment?.close();
      attachment = undefined;
      await waitForEmpty(m, reader.name).catch(() => undefined);
    }
  });
}

describe('createDeviceManager', () => {
  it('waits for a tap, identifies the card, and stamps events with the injected clock', withManager(async (m, reader) => {
    const events: DeviceEvent[] = [];
    m.subscribe((e) => events.push(e));
    const tap = m.waitForCard(reader.name, { timeoutMs: 10_000 });
    attachment = attachToVpcd(new Token2TokenEmulator({ model: 'miniOTP-2-i' }), { port: reader.port });
    const card = await tap;
    expect(card.reader).toBe(reader.name);
    expect(card.atr.toString('hex')).toBe('3b8980018073c821008b0c5c');
    expect(await m.identify(reader.name)).toEqual({ kind: 'token2', serial: '86596000000001', model: 'miniOTP-2-i' });
    expect(events).toContainEqual({ type: 'card-inserted', reader: reader.name, atr: card.atr, at: 1_700_000_000_000 });
  }));

  it('gives a second job on a busy reader ERR_READER_BUSY, and the reader back once the first settles', withManager(async (m, reader) => {
    attachment = attachToVpcd(new OathCardEmulator(), { port: reader.port });
    await m.waitForCard(reader.name, { timeoutMs: 10_000 });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const first = m.runExclusive(reader.name, async ({ connection }) => {
      const r = await connection.transmit(Buffer.from('00a4040007a0000005272101', 'hex'));
      await gate;
      return r.sw;
    });
    const second = await m.runExclusive(reader.name, async () => 'ran').catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'ERR_READER_BUSY', data: { reader: reader.name } });
    release();
    expect(await first).toBe(0x9000);
    expect(await m.identify(reader.name)).toMatchObject({ kind: 'ykoath', version: '5.4.3' });
  }));

  it('ends a wait with ERR_TIMEOUT, ERR_CANCELED on abort, and ERR_READER_GONE for an unknown reader', withManager(async (m, reader) => {
    expect(await codeOf(m.waitForCard(reader.name, { timeoutMs: 50 }))).toBe('ERR_TIMEOUT');
    const ac = new AbortController();
    const waiting = codeOf(m.waitForCard(reader.name, { signal: ac.signal }));
    ac.abort();
    expect(await waiting).toBe('ERR_CANCELED');
    expect(await codeOf(m.waitForCard('Nope 00 00'))).toBe('ERR_READER_GONE');
    expect(await codeOf(m.runExclusive(reader.name, async () => 1))).toBe('ERR_CARD_REMOVED');
  }));
});
