// SPDX-License-Identifier: UNLICENSED
import { ResponseChainingConnection } from './response-chaining-connection.js';

/** YKOATH SEND REMAINING (token-hardware.md §1.6, §1.8): OATH answers `61xx` to this, not to GET RESPONSE. */
export const INS_SEND_REMAINING = 0xa5;

/** Follows `61xx` with `00 A5 00 00 00`, exactly as yubikit does for the OATH application. */
export class SendRemainingConnection extends ResponseChainingConnection {
  protected nextApdu(): Buffer {
    return Buffer.from([0x00, INS_SEND_REMAINING, 0x00, 0x00, 0x00]);
  }
}
