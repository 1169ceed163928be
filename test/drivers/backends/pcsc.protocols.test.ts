// SPDX-License-Identifier: UNLICENSED
/**
 * The protocol suites through the whole real stack: our sessions → createPcscBackend (nfc-pcsc) → pcscd →
 * vpcd → the emulators. Plus the Token2/Molto2 vectors of token-hardware.md §2.2–2.3 byte for byte as they
 * reach the card, and YKOATH interoperability with ykman on the same card.
 *
 * One virtual reader is leased for the whole file. The card in it is a `CardSocket`: the suites' "new card"
 * swaps the emulator behind it (with a power-up reset) instead of a physical re-insert, which pcscd would only
 * notice at its next 400 ms poll; a tear really drops the card from vpcd, and the next connect re-inserts it.
 * Connections are exclusive, so the APDUs recorded while one is open are ours alone (other test files run
 * `mfa-appliance readers`, which probes every reader).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPcscBackend } from '../../../drivers/backends/pcsc.js';
import { attachToVpcd, type VpcdAttachment } from '../../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { Molto2TokenEmulator } from '../../../drivers/emulator/molto2-token-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { Molto2Session } from '../../../drivers/protocol/molto2-session.js';
import { OathSession } from '../../../drivers/protocol/oath-session.js';
import { Token2Session } from '../../../drivers/protocol/token2-session.js';
import type { SmartCardBackend } from '../../../drivers/smartcard-backend.js';
import type { SmartCardConnection } from '../../../drivers/transport/smartcard-connection.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { withVirtualReader, type VirtualReader } from '../../helpers/pcscd.js';
import { molto2SessionSuite } from '../protocol/molto2-session-suite.js';
import { oathSessionSuite } from '../protocol/oath-session-suite.js';
import { token2SessionSuite } from '../protocol/token2-session-suite.js';

const run = promisify(execFile);

/** The card vpcd sees: whichever emulator is plugged in, recording every C-APDU that reached it. */
class CardSocket implements CardEmulator {
  current: CardEmulator | null = null;
  received: Buffer[] = [];
  get atr(): Buffer {
    return this.current?.atr ?? Buffer.from('3b8980018073c821008b0c5c', 'hex');
  }
  reset(): void {
    this.current?.reset();
  }
  powerOff(): void {
    this.current?.powerOff();
  }
  process(apdu: Buffer): Promise<Buffer> {
    this.received.push(Buffer.from(apdu));
    if (!this.current) return Promise.resolve(Buffer.from([0x6d, 0x00]));
    return this.current.process(apdu);
  }
}

let reader: VirtualReader;
let backend: SmartCardBackend;
let releaseLease: () => void = () => undefined;
let lease: Promise<void> = Promise.resolve();
const socket = new CardSocket();
let attachment: VpcdAttachment | null = null;
let inserted = false;

async function cardPresent(): Promise<boolean> {
  return Boolean((await backend.listReaders()).find((r) => r.name === reader.name)?.card);
}

async function until(pred: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Makes sure the socket card sits in the reader (re-inserting it after a tear) and is connected. */
async function ensureInserted(): Promise<void> {
  if (inserted && attachment) return;
  await attachment?.close();
  await until(async () => !(await cardPresent()), 'the torn card to leave');
  attachment = attachToVpcd(socket, { port: reader.port, onError: () => { inserted = false; } });
  await attachment.ready;
  await until(cardPresent, 'the card to be seen by pcscd');
  inserted = true;
}

/** The suites' `connect`: `card` becomes the card in the reader (fresh from power-up if it is new). */
async function connect(card: CardEmulator): Promise<SmartCardConnection> {
  if (socket.current !== card) {
    socket.current = card;
    card.reset();
  }
  await ensureInserted();
  return backend.connect(reader.name);
}

beforeAll(async () => {
  await new Promise<void>((ready) => {
    lease = withVirtualReader(async (r) => {
      reader = r;
      ready();
      await new Promise<void>((done) => { releaseLease = done; });
    }, 60_000);
  });
  backend = await createPcscBackend();
  await until(async () => !(await cardPresent()), 'an empty reader');
}, 70_000);

afterAll(async () => {
  await attachment?.close();
  if (backend) {
    await until(async () => !(await cardPresent()), 'the card to leave').catch(() => undefined);
    await backend.close();
  }
  releaseLease();
  await lease;
});

oathSessionSuite('through pcscd + vpcd', connect);
token2SessionSuite('through pcscd + vpcd', connect);
molto2SessionSuite('through pcscd + vpcd', connect);

/** The deterministic challenge of the §2.2 vectors (openT2OTP's mock HAL). */
const CHALLENGE = (n: number): Buffer => Buffer.from('1122334455667788', 'hex').subarray(0, n);
const VECTOR_TIME = 0x654fe600;
const hex = (b: Buffer): string => b.toString('hex');

describe('Token2 vectors through pcscd + vpcd (token-hardware.md §2.2–2.3)', () => {
  test('single-profile: AUTH, CONFIG, SEED(20) and SEED(32) reach the card byte for byte', async () => {
    const card = new Token2TokenEmulator({ random: CHALLENGE, clock: () => VECTOR_TIME * 1000 });
    const conn = await connect(card);
    socket.received = [];
    try {
      const s = new Token2Session(conn);
      await s.burn({ seed: Buffer.from('12345678901234567890'), algorithm: 'SHA1', period: 30, displayTimeout: 30, time: VECTOR_TIME });
      await s.authenticate();
      await s.setSeed(Buffer.from('12345678901234567890123456789012'));
    } finally {
      await conn.close();
    }
    expect(socket.received.map(hex)).toEqual([
      '80410000020211',
      '804b080000', '80ce0000108b7450f22721bc29985c2c460b65045d',
      '84d400001781111f01010f04654fe60086060a01010d011e930d8d5b',
      '804b080000', '80ce0000108b7450f22721bc29985c2c460b65045d',
      '84c50100245e5856092fd3228d4d33eee3daac4b55ce37d18d332b7ac6a40e8661fa23042af47b0153',
      '804b080000', '80ce0000108b7450f22721bc29985c2c460b65045d',
      '84c50100345e5856092fd3228d4d33eee3daac4b555de80aa99074ab9727640c64ff67d124d219efc9972fed9191df027fd36a80b0f97ff0ca',
    ]);
    expect(card.state()).toMatchObject({ seedPresent: true, seedLength: 32, algorithm: 'SHA1', period: 30 });
    expect(card.displayCode(VECTOR_TIME * 1000)).toBe(oathtoolTotp(Buffer.from('12345678901234567890123456789012'), { at: VECTOR_TIME }));
  });

  test('Molto2 profile 1: AUTH, CONFIG, SEED(20) and TITLE "ACME" reach the card byte for byte', async () => {
    const card = new Molto2TokenEmulator({ random: CHALLENGE, clock: () => VECTOR_TIME * 1000 });
    const conn = await connect(card);
    socket.received = [];
    try {
      const s = new Molto2Session(conn);
      await s.authenticate();
      await s.setConfig(1, { algorithm: 'SHA1', period: 30, displayTimeout: 30, time: VECTOR_TIME, digits: 6 });
      await s.setSeed(1, Buffer.from('12345678901234567890'));
      await s.setTitle(1, 'ACME');
    } finally {
      await conn.close();
    }
    const sent = socket.received.map(hex);
    expect(sent).toContain('80ce000010550ec1328f963eb02972bb141e1cf521');
    expect(sent).toContain('84d401011a81141f01010f04654fe60086090a01010b01060d011e811b4185');
    expect(sent).toContain('84c50101245d848c69eb8e884e7d20591ff89adeff31fd80354bf08248e60d457774bbf06ef63c99b0');
    expect(sent).toContain('84d5000114b92704351ff156bdf979ea736b443ca5fa2b253e');
  });
});

describe('YKOATH interoperability with ykman on the same card through pcscd', () => {
  const ykman = async (args: string[]): Promise<string> => {
    const { stdout } = await run('ykman', ['--reader', reader.name, 'oath', ...args], { timeout: 20_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    return stdout;
  };

  test('added by ykman, read by our driver; added by our driver, calculated by ykman; codes equal oathtool', async () => {
    const card = new OathCardEmulator();
    let conn = await connect(card);
    await conn.close();
    await ykman(['accounts', 'add', '-f', '-i', 'ACME', 'alice', 'JBSWY3DPEHPK3PXP']);

    conn = await connect(card);
    try {
      const s = await OathSession.open(conn);
      expect((await s.listCredentials()).map((c) => [c.id.toString(), c.type, c.algorithm])).toEqual([['ACME:alice', 'TOTP', 'SHA1']]);
      const [alice] = await s.listCredentials();
      if (!alice) throw new Error('no credential');
      const at = Math.floor(Date.now() / 1000);
      const code = await s.calculate(alice, at * 1000);
      expect(code.value).toBe(oathtoolTotp('48656c6c6f21deadbeef', { at }));
      await s.putCredential({ type: 'TOTP', issuer: 'Contoso', name: 'bob', algorithm: 'SHA256', digits: 8, secret: Buffer.from('12345678901234567890') });
    } finally {
      await conn.close();
    }

    for (;;) {
      const before = Math.floor(Date.now() / 1000);
      const out = await ykman(['accounts', 'code', 'Contoso:bob']);
      if (Math.floor(Date.now() / 30_000) !== Math.floor(before / 30)) continue;
      expect(out.trim()).toMatch(/^Contoso:bob\s+(\d{8})$/);
      expect(out.trim().split(/\s+/)[1]).toBe(oathtoolTotp(Buffer.from('12345678901234567890'), { algorithm: 'sha256', digits: 8, at: before }));
      break;
    }
  });
});
