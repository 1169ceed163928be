// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../core/errors.js';
import type { ApduResponse, SmartCardConnection } from '../transport/smartcard-connection.js';
import type { CardEmulator } from './card-emulator.js';

export interface EmulatedConnectionOptions {
  /** Transport kind reported to protocol code. Default `'nfc'`. */
  kind?: 'usb' | 'nfc';
}

/**
 * An in-process `SmartCardConnection` to a card emulator, with the contract of a real reader:
 * replies arrive on a later tick, overlapping commands are refused, `close()` cancels, and a torn
 * command (`ERR_CARD_REMOVED`) powers the card off so the next session starts from reset.
 */
export function createEmulatedConnection(card: CardEmulator, options: EmulatedConnectionOptions = {}): SmartCardConnection {
  let busy = false;
  let closed = false;
  card.reset();
  return {
    kind: options.kind ?? 'nfc',
    async transmit(apdu: Buffer): Promise<ApduResponse> {
      if (closed) throw new DriverError('ERR_CANCELED', 'the connection is closed');
      if (busy) throw new DriverError('ERR_PROTOCOL', 'overlapping transmit: one APDU at a time');
      busy = true;
      try {
        await new Promise<void>((resolve) => setImmediate(resolve));
        let reply: Buffer;
        try {
          reply = await card.process(Buffer.from(apdu));
        } catch (err) {
          if (err instanceof DriverError && err.code === 'ERR_CARD_REMOVED') card.powerOff();
          throw err;
        }
        if (closed) throw new DriverError('ERR_CANCELED', 'the connection was closed during the command');
        if (reply.length < 2) throw new DriverError('ERR_TRUNCATED_RESPONSE', `reply of ${reply.length} bytes has no status word`);
        return { data: reply.subarray(0, reply.length - 2), sw: reply.readUInt16BE(reply.length - 2) };
      } finally {
        busy = false;
      }
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}
