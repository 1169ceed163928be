// SPDX-License-Identifier: UNLICENSED
import { attachToVpcd, type VpcdAttachment } from '../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../drivers/emulator/card-emulator.js';
import type { VirtualReader } from './pcscd.js';

/** Puts `card` in the leased virtual reader and waits until pcscd has asked for its ATR (it polls every 400 ms; 5 s at most). */
export async function insertIntoVirtualReader(card: CardEmulator, reader: VirtualReader): Promise<VpcdAttachment> {
  let seen: () => void = () => undefined;
  const noticed = new Promise<void>((resolve) => { seen = resolve; });
  const attachment = attachToVpcd({ get atr() { seen(); return card.atr; }, reset: () => card.reset(), powerOff: () => card.powerOff(), process: (a) => card.process(a) }, { port: reader.port });
  await attachment.ready;
  await Promise.race([noticed, new Promise((r) => setTimeout(r, 5000))]);
  return attachment;
}
