// SPDX-License-Identifier: UNLICENSED
/**
 * Emulated token hardware for `scripts/demo`: makes sure pcscd (with vsmartcard's vpcd driver) runs,
 * then puts a YubiKey-like OATH card into "Virtual PCD 00 00" and a Token2 OTPC-P2-i into
 * "Virtual PCD 00 01", through the same PC/SC stack a real reader uses. Runs until killed or orphaned;
 * pcscd is stopped on exit only if this process started it.
 * Usage: node dist/scripts/demo-devices.js
 */
import { attachToVpcd, type VpcdAttachment } from '../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../drivers/emulator/token2-token-emulator.js';
import { startPcscdIfNeeded, VIRTUAL_READERS } from '../drivers/emulator/virtual-readers.js';
import { stopWithParent } from './stop-with-parent.js';

/** Puts `card` into the virtual reader on vpcd `port`; resolves once pcscd has it. */
async function insert(name: string, card: CardEmulator, port: number): Promise<VpcdAttachment> {
  const a = attachToVpcd(card, { port, onError: (err) => console.error(`demo-devices: ${name}: ${String(err)}`) });
  await a.ready;
  console.log(`demo-devices: ${name} is in the reader on vpcd port ${port}`);
  return a;
}

async function main(): Promise<void> {
  const stopPcscd = await startPcscdIfNeeded();
  if (stopPcscd) console.log('demo-devices: started pcscd');
  const [oathReader, token2Reader] = VIRTUAL_READERS;
  const cards = [
    await insert('an OATH card (YKOATH 5.4.3)', new OathCardEmulator({ version: [5, 4, 3] }), oathReader?.port ?? 35963),
    await insert('a Token2 OTPC-P2-i (serial 86596220000001)', new Token2TokenEmulator({ serial: '86596220000001' }), token2Reader?.port ?? 35964),
  ];
  const stop = (): void => {
    for (const c of cards) void c.close();
    void stopPcscd?.();
    setTimeout(() => process.exit(0), 300).unref();
  };
  stopWithParent(stop);
}

await main();
