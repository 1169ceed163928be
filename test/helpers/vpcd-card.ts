// SPDX-License-Identifier: UNLICENSED
import { attachToVpcd, type VpcdAttachment } from '../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../drivers/emulator/card-emulator.js';
import { VIRTUAL_READERS, withVirtualReader, type VirtualReader } from './pcscd.js';

/** Puts `card` in the leased virtual reader and waits until pcscd has asked for its ATR (it polls every 400 ms; 5 s at most). */
export async function insertIntoVirtualReader(card: CardEmulator, reader: VirtualReader): Promise<VpcdAttachment> {
  let seen: () => void = () => undefined;
  const noticed = new Promise<void>((resolve) => { seen = resolve; });
  const attachment = attachToVpcd({ get atr() { seen(); return card.atr; }, reset: () => card.reset(), powerOff: () => card.powerOff(), process: (a) => card.process(a) }, { port: reader.port });
  await attachment.ready;
  await Promise.race([noticed, new Promise((r) => setTimeout(r, 5000))]);
  return attachment;
}

/**
 * Runs `fn` holding the lease of every virtual reader. For tests that open a PC/SC backend (or a daemon that
 * does): it watches every reader and briefly connects to each card it is shown, which would collide with
 * another test's card on a reader leased to that test.
 */
export async function withAllVirtualReaders<T>(fn: (readers: readonly VirtualReader[]) => Promise<T>): Promise<T> {
  const lease = async (i: number, held: VirtualReader[]): Promise<T> => {
    const reader = VIRTUAL_READERS[i];
    if (reader === undefined) return fn(held);
    return withVirtualReader((r) => lease(i + 1, [...held, r]), 120_000, reader);
  };
  return lease(0, []);
}
