// SPDX-License-Identifier: UNLICENSED
/**
 * The programming job end to end (`createTokenProgrammer`) through the real PC/SC stack (createPcscBackend → nfc-pcsc →
 * pcscd → vpcd → our emulators) on a real SQLite store and vault, against the raw protocol sessions timed in the same
 * run (the transactions of bench/program-token.ts).
 *   Per token, YKOATH and Token2 for a user: tap to "done" (the job's `durationMs`: detect, prepare the row, burn,
 *   prove, activate, audit), and the wall time from `program()` to `done` (adds the reader look-up and connect). The
 *   Token2 code is fed programmatically the moment it is asked for, so no human time is in it.
 *   Bulk: `bulk({ count })` into stock with a fresh Token2 attached to vpcd at each `waiting` and detached at each
 *   `remove_token`; tokens/min excluding the tap (sum of the jobs' `durationMs`) and including it (wall clock, where
 *   pcscd's 400 ms vpcd polling dominates).
 * Usage: node dist/bench/program-job.js [runs=20] [bulk=100] [vpcdPort=35964]
 * Needs pcscd with vsmartcard-vpcd (started here, and stopped again, when it is not running).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPcscBackend } from '../drivers/backends/pcsc.js';
import { createDeviceManager } from '../drivers/device-manager.js';
import { attachToVpcd, type VpcdAttachment } from '../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../drivers/emulator/token2-token-emulator.js';
import { startPcscdIfNeeded, VIRTUAL_READERS, withVirtualReader } from '../drivers/emulator/virtual-readers.js';
import { OathSession } from '../drivers/protocol/oath-session.js';
import { Token2Session } from '../drivers/protocol/token2-session.js';
import type { SmartCardBackend } from '../drivers/smartcard-backend.js';
import { loadConfig } from '../agent/config/index.js';
import { createNullLogger } from '../agent/log/logger.js';
import { createRuntime, openServices } from '../agent/main.js';
import { createSystemRandom } from '../agent/ports/random.js';
import { createTokenProgrammer, type ProgramEvent, type TokenProgrammer } from '../agent/tokens/create-token-programmer.js';
import { generateMasterKeyLine } from '../agent/vault/master-key-file.js';

const runs = Number(process.argv[2] ?? 20);
const bulkCount = Number(process.argv[3] ?? 100);
const port = Number(process.argv[4] ?? 35964);
const reader = VIRTUAL_READERS.find((r) => r.port === port) ?? VIRTUAL_READERS[1];
const actor = { id: 'cli:bench', source: 'cli' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** The card in the reader: the emulator behind it is swapped per run (no re-insert, so no tap in the timing). */
class CardSocket implements CardEmulator {
  constructor(public current: CardEmulator) {}
  get atr(): Buffer { return this.current.atr; }
  reset(): void { this.current.reset(); }
  powerOff(): void { this.current.powerOff(); }
  process(apdu: Buffer): Promise<Buffer> { return this.current.process(apdu); }
}

async function rawSessions(backend: SmartCardBackend, name: string, socket: CardSocket): Promise<{ oath: number[]; token2: number[] }> {
  const secret = Buffer.from('12345678901234567890');
  const time = async (tx: (c: Awaited<ReturnType<SmartCardBackend['connect']>>) => Promise<void>): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const t0 = process.hrtime.bigint();
      const conn = await backend.connect(name);
      try {
        await tx(conn);
      } finally {
        await conn.close();
      }
      if (i >= 2) out.push(ms(t0));
    }
    return out;
  };
  socket.current = new OathCardEmulator();
  const oath = await time(async (c) => {
    const s = await OathSession.open(c);
    await s.calculate(await s.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'bench', secret }));
  });
  socket.current = new Token2TokenEmulator({ model: 'C302-i' });
  const token2 = await time(async (c) => {
    await new Token2Session(c).burn({ seed: secret, algorithm: 'SHA1', period: 30, displayTimeout: 30, time: Math.floor(Date.now() / 1000) });
  });
  return { oath, token2 };
}

/** `runs` jobs for alice, each on a fresh emulator behind the socket; returns the jobs' durationMs and wall times. */
async function jobs(programmer: TokenProgrammer, name: string, socket: CardSocket, make: (i: number) => CardEmulator & { displayCode?: () => string | null }): Promise<{ duration: number[]; wall: number[] }> {
  const duration: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const card = make(i);
    socket.current = card;
    const t0 = process.hrtime.bigint();
    const job = programmer.program({ reader: name, upn: 'alice@contoso.com', actor }, (e) => {
      if (e.type === 'enter_code') void job.submitCode(card.displayCode?.() ?? '');
    });
    const r = await job.done;
    const w = ms(t0);
    if (!r.ok) throw new Error(`job ${i} failed: ${r.error.code} ${r.error.message}`);
    if (i >= 2) {
      duration.push(r.durationMs);
      wall.push(w);
    }
  }
  return { duration, wall };
}

async function bulk(programmer: TokenProgrammer, name: string): Promise<{ wallMs: number; durations: number[]; failures: number }> {
  let attached: VpcdAttachment | null = null;
  let card: Token2TokenEmulator | null = null;
  let n = 0;
  const durations: number[] = [];
  const t0 = process.hrtime.bigint();
  const job = programmer.bulk({ reader: name, count: bulkCount, actor }, (e) => {
    if (e.type === 'waiting') {
      card = new Token2TokenEmulator({ serial: `8659632${String(100_000 + n++).padStart(7, '0')}` });
      attached = attachToVpcd(card, { port: reader?.port ?? port });
    }
    if (e.type === 'enter_code') void job.submitCode((card as Token2TokenEmulator | null)?.displayCode() ?? '');
    if (e.type === 'done') durations.push((e as Extract<ProgramEvent, { type: 'done' }>).durationMs);
    if (e.type === 'remove_token') void (attached as VpcdAttachment | null)?.close();
  });
  const r = await job.done;
  await (attached as VpcdAttachment | null)?.close();
  return { wallMs: ms(t0), durations, failures: r.failures.length };
}

const stopPcscd = await startPcscdIfNeeded();
const dir = mkdtempSync(join(tmpdir(), 'mfa-bench-program-'));
try {
  writeFileSync(join(dir, 'master-key'), `${generateMasterKeyLine(createSystemRandom())}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'config.yaml'), [`dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }'].join('\n'));
  const rt = createRuntime(loadConfig({ file: join(dir, 'config.yaml'), env: {} }), {}, { logger: createNullLogger() });
  const s = await openServices(rt);
  await s.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, actor);
  await withVirtualReader(async (r) => {
    const socket = new CardSocket(new OathCardEmulator());
    const attachment = attachToVpcd(socket, { port: r.port });
    const backend = await createPcscBackend();
    const devices = createDeviceManager({ backend });
    try {
      await attachment.ready;
      for (let i = 0; i < 100 && !(await backend.listReaders()).find((x) => x.name === r.name)?.card; i++) await sleep(50);
      const programmer = createTokenProgrammer({
        store: s.store, vault: s.vault, audit: s.audit, clock: rt.clock, random: rt.random, logger: createNullLogger(), devices, verifier: s.otp,
        window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
        policy: { algorithm: 'SHA1', digits: 6, period: 30 }, issuer: rt.config.otp.issuer,
      });
      const raw = await rawSessions(backend, r.name, socket);
      const ykoath = await jobs(programmer, r.name, socket, () => new OathCardEmulator());
      const token2 = await jobs(programmer, r.name, socket, (i) => new Token2TokenEmulator({ serial: `8659632${String(i).padStart(7, '0')}` }));
      await attachment.close();
      for (let i = 0; i < 100 && (await backend.listReaders()).find((x) => x.name === r.name)?.card; i++) await sleep(50);
      const b = await bulk(programmer, r.name);

      console.log(`runs: ${runs} per scenario (after 2 warm-up), reader ${r.name}; real SQLite + vault in ${dir}`);
      for (const [label, rawTimes, job] of [['YKOATH', raw.oath, ykoath], ['Token2', raw.token2, token2]] as const) {
        const base = q(rawTimes, 0.5);
        const d = q(job.duration, 0.5);
        const w = q(job.wall, 0.5);
        console.log(`${label.padEnd(7)} raw session (connect+burn+read-back) median ${base.toFixed(1)} ms | job tap→done median ${d.toFixed(1)} ms p90 ${q(job.duration, 0.9).toFixed(1)} ms | program()→done median ${w.toFixed(1)} ms p90 ${q(job.wall, 0.9).toFixed(1)} ms | ratio job/raw ${(w / base).toFixed(2)}x`);
      }
      const sum = b.durations.reduce((a, x) => a + x, 0);
      console.log(`bulk ${b.durations.length}/${bulkCount} Token2 into stock (${b.failures} failed): ${(b.durations.length / (sum / 60_000)).toFixed(0)} tokens/min excluding the tap (mean ${(sum / b.durations.length).toFixed(1)} ms/token), ${(b.durations.length / (b.wallMs / 60_000)).toFixed(0)} tokens/min wall clock with vpcd insert/remove (${(b.wallMs / 1000).toFixed(1)} s)`);
      console.log(`bulk ratio: mean job ${(sum / b.durations.length).toFixed(1)} ms vs raw Token2 session median ${q(raw.token2, 0.5).toFixed(1)} ms = ${(sum / b.durations.length / q(raw.token2, 0.5)).toFixed(2)}x`);
    } finally {
      await attachment.close();
      await devices.close();
    }
  }, 60_000, reader);
  await s.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
  await stopPcscd?.();
}
