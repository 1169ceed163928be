// SPDX-License-Identifier: UNLICENSED
/**
 * Emulated token hardware for `scripts/demo`: makes sure pcscd (with vsmartcard's vpcd driver) runs,
 * then puts a YubiKey-like OATH card into "Virtual PCD 00 00" and a Token2 OTPC-P2-i into
 * "Virtual PCD 00 01", through the same PC/SC stack a real reader uses. Runs until killed or orphaned;
 * pcscd is stopped on exit only if this process started it.
 * Usage: node dist/scripts/demo-devices.js
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { attachToVpcd, type VpcdAttachment } from '../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../drivers/emulator/token2-token-emulator.js';
import { stopWithParent } from './stop-with-parent.js';

const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

const reachable = (connect: () => net.Socket): Promise<boolean> => new Promise((resolve) => {
  const s = connect();
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Puts `card` into the virtual reader on vpcd `port`; resolves once pcscd has it. */
async function insert(name: string, card: CardEmulator, port: number): Promise<VpcdAttachment> {
  const a = attachToVpcd(card, { port, onError: (err) => console.error(`demo-devices: ${name}: ${String(err)}`) });
  await a.ready;
  console.log(`demo-devices: ${name} is in the reader on vpcd port ${port}`);
  return a;
}

async function main(): Promise<void> {
  let pcscd: ChildProcess | null = null;
  if (!(await reachable(() => net.connect(PCSCD_SOCKET)))) {
    pcscd = spawn('/usr/sbin/pcscd', ['--foreground'], { stdio: 'ignore' });
    await until('pcscd', () => reachable(() => net.connect(PCSCD_SOCKET)));
    console.log('demo-devices: started pcscd');
  }
  await until('vpcd', () => reachable(() => net.connect({ host: '127.0.0.1', port: 35963 })));
  const cards = [
    await insert('an OATH card (YKOATH 5.4.3)', new OathCardEmulator({ version: [5, 4, 3] }), 35963),
    await insert('a Token2 OTPC-P2-i (serial 86596220000001)', new Token2TokenEmulator({ serial: '86596220000001' }), 35964),
  ];
  const stop = (): void => {
    for (const c of cards) void c.close();
    pcscd?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 300).unref();
  };
  stopWithParent(stop);
}

await main();
