// SPDX-License-Identifier: UNLICENSED
/**
 * One full programming transaction per token type through the real PC/SC stack (createPcscBackend →
 * nfc-pcsc → pcscd → vpcd → our emulators), against a bare SELECT round trip measured in the same run.
 *   YKOATH: connect, SELECT, PUT (TOTP SHA1/6), CALCULATE read-back.
 *   Token2: connect, get info, challenge + auth, config, challenge + auth, seed (`Token2Session.burn`).
 * Reports the APDU count and the median / p90 wall time of `runs` transactions per token.
 * Usage: node dist/bench/program-token.js [runs=30] [vpcdPort=35964]
 * Read the ratios: vpcd's TCP link costs ~44 ms per APDU on its own (pyscard measures the same bare SELECT).
 * Needs pcscd with vsmartcard-vpcd (started here, and stopped again, when it is not running). The reader is
 * leased with `withVirtualReader`, like the tests'.
 */
import { createPcscBackend } from '../drivers/backends/pcsc.js';
import { attachToVpcd } from '../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../drivers/emulator/token2-token-emulator.js';
import { startPcscdIfNeeded, VIRTUAL_READERS, withVirtualReader } from '../drivers/emulator/virtual-readers.js';
import { CountingConnection } from '../drivers/protocol/token2/counting-connection.js';
import { OathSession } from '../drivers/protocol/oath-session.js';
import { Token2Session } from '../drivers/protocol/token2-session.js';
import type { SmartCardBackend } from '../drivers/smartcard-backend.js';
import type { SmartCardConnection } from '../drivers/transport/smartcard-connection.js';

const runs = Number(process.argv[2] ?? 30);
const port = Number(process.argv[3] ?? 35964);
const readerName = port === 35963 ? 'Virtual PCD 00 00' : 'Virtual PCD 00 01';
const SELECT_OATH = Buffer.from('00a4040007a0000005272101', 'hex');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The card in the reader: the emulator behind it is swapped per scenario (no re-insert needed). */
class CardSocket implements CardEmulator {
  constructor(public current: CardEmulator) {}
  get atr(): Buffer { return this.current.atr; }
  reset(): void { this.current.reset(); }
  powerOff(): void { this.current.powerOff(); }
  process(apdu: Buffer): Promise<Buffer> { return this.current.process(apdu); }
}

interface Sample { ms: number; apdus: number }
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function measure(backend: SmartCardBackend, tx: (conn: SmartCardConnection) => Promise<void>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = process.hrtime.bigint();
    const conn = new CountingConnection(await backend.connect(readerName));
    try {
      await tx(conn);
    } finally {
      await conn.close();
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= 2) out.push({ ms, apdus: conn.count });
  }
  return out;
}

const stopPcscd = await startPcscdIfNeeded();
const reader = VIRTUAL_READERS.find((r) => r.port === port) ?? VIRTUAL_READERS[1];
await withVirtualReader(async () => {
  const socket = new CardSocket(new OathCardEmulator());
  const attachment = attachToVpcd(socket, { port });
  let backend: SmartCardBackend | undefined;
  try {
    await attachment.ready;
    backend = await createPcscBackend();
    for (let i = 0; i < 100 && !(await backend.listReaders()).find((r) => r.name === readerName)?.card; i++) await sleep(50);

    const conn = await backend.connect(readerName);
    const rtt: number[] = [];
    for (let i = 0; i < runs * 4; i++) {
      const t0 = process.hrtime.bigint();
      await conn.transmit(SELECT_OATH);
      rtt.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await conn.close();
    const connectOnly = await measure(backend, async () => undefined);

    const secret = Buffer.from('12345678901234567890');
    const oath = await measure(backend, async (c) => {
      const s = await OathSession.open(c);
      const cred = await s.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'bench', secret });
      await s.calculate(cred);
    });
    socket.current = new Token2TokenEmulator({ model: 'C302-i' });
    socket.current.reset();
    const token2 = await measure(backend, async (c) => {
      await new Token2Session(c).burn({ seed: secret, algorithm: 'SHA1', period: 30, displayTimeout: 30, time: Math.floor(Date.now() / 1000) });
    });

    const base = q(rtt, 0.5);
    console.log(`runs: ${runs} per scenario (after 2 warm-up), reader ${readerName}; times include connect() (fresh card handle)`);
    console.log(`bare SELECT round trip:  median ${base.toFixed(2)} ms  p90 ${q(rtt, 0.9).toFixed(2)} ms  (${rtt.length} samples)`);
    console.log(`connect + close only:    median ${q(connectOnly.map((s) => s.ms), 0.5).toFixed(2)} ms`);
    for (const [name, xs] of [['YKOATH select/put/calculate', oath], ['Token2 info/auth/config/auth/seed', token2]] as const) {
      const med = q(xs.map((s) => s.ms), 0.5);
      const apdus = xs[0]?.apdus ?? 0;
      console.log(`${name.padEnd(34)} ${apdus} APDUs  median ${med.toFixed(2)} ms  p90 ${q(xs.map((s) => s.ms), 0.9).toFixed(2)} ms  = ${(med / base).toFixed(1)}x SELECT RTT (${(med / apdus).toFixed(2)} ms/APDU)`);
    }
  } finally {
    await backend?.close();
    await attachment.close();
  }
}, 60_000, reader);
await stopPcscd?.();
