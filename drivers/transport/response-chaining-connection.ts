// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../core/errors.js';
import { SW } from '../core/sw.js';
import type { ApduResponse, SmartCardConnection } from './smartcard-connection.js';

/** A card must not need more follow-ups than this for one reply (256 × 256 bytes). */
const MAX_FOLLOW_UPS = 256;

/**
 * Reassembles replies the card splits with SW `61xx`: keeps the data, sends the follow-up command
 * `nextApdu(xx)` and repeats until another SW arrives, then returns all data with that final SW
 * (yubikit `SmartCardProtocol.send_apdu`). Subclasses choose the follow-up command.
 */
export abstract class ResponseChainingConnection implements SmartCardConnection {
  constructor(protected readonly delegate: SmartCardConnection) {}

  get kind(): 'usb' | 'nfc' {
    return this.delegate.kind;
  }

  /** The command that fetches the next part; `sw2` is the byte after 61. */
  protected abstract nextApdu(sw2: number): Buffer;

  async transmit(apdu: Buffer): Promise<ApduResponse> {
    let reply = await this.delegate.transmit(apdu);
    const parts: Buffer[] = [];
    for (let n = 0; reply.sw >> 8 === SW.MORE_DATA_SW1; n++) {
      if (n === MAX_FOLLOW_UPS) throw new DriverError('ERR_PROTOCOL', `the card kept answering 61xx after ${n} follow-ups`);
      parts.push(reply.data);
      reply = await this.delegate.transmit(this.nextApdu(reply.sw & 0xff));
    }
    parts.push(reply.data);
    return { data: Buffer.concat(parts), sw: reply.sw };
  }

  close(): Promise<void> {
    return this.delegate.close();
  }
}
