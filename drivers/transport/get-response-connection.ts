// SPDX-License-Identifier: UNLICENSED
import { ResponseChainingConnection } from './response-chaining-connection.js';

/** ISO 7816-4 GET RESPONSE (`00 C0 00 00 xx`), the follow-up most applets expect after `61xx`. */
export const INS_GET_RESPONSE = 0xc0;

/** Follows `61xx` with `00 C0 00 00 xx` (xx = 00 asks for up to 256 bytes). */
export class GetResponseConnection extends ResponseChainingConnection {
  protected nextApdu(sw2: number): Buffer {
    return Buffer.from([0x00, INS_GET_RESPONSE, 0x00, 0x00, sw2]);
  }
}
