// SPDX-License-Identifier: UNLICENSED
/**
 * Command/response steps shared by `Token2Session` and `Molto2Session`: a transmit that requires `9000`,
 * the challenge/auth handshake with its failure mapping, and the get-info reply parser.
 */
import { ApduError, AuthFailedError, DriverError, formatSw } from '../../core/errors.js';
import type { SmartCardConnection } from '../../transport/smartcard-connection.js';
import type { Sm4 } from './sm4.js';
import { authFinishApdu, GET_CHALLENGE_APDU, SW1_TRIES_LEFT, SW_AUTH_FAILED, SW_OK } from './token2-apdus.js';

/** Sends one APDU and requires `9000`; otherwise ApduError naming `what`. */
export async function exchangeOk(conn: SmartCardConnection, apdu: Buffer, what: string): Promise<Buffer> {
  const res = await conn.transmit(apdu);
  if (res.sw !== SW_OK) throw new ApduError(res.sw, `${what} was refused (SW ${formatSw(res.sw)})`);
  return res.data;
}

/**
 * Tries left in a `63 NN` / `63 CX` reply: the low nibble when SW2 is `Cx` (ISO 7816-4), SW2 itself otherwise
 * (Molto2 docs: "NN = tries left").
 */
export function triesLeftFromSw(sw: number): number | null {
  if (sw >> 8 !== SW1_TRIES_LEFT) return null;
  const sw2 = sw & 0xff;
  return (sw2 & 0xf0) === 0xc0 ? sw2 & 0x0f : sw2;
}

/**
 * Challenge (`80 4B 08 00 00`) then auth finish (`80 CE …`). Resolves on `9000`.
 * Rejects: `63 NN` with NN > 0 → AuthFailedError(attemptsRemaining = NN); `63 00`/`63 C0` → ERR_AUTH_BLOCKED;
 * `6983` (single-profile firmware: wrong response, no counter) → AuthFailedError(null); other SW → ApduError.
 */
export async function authenticateToken2(conn: SmartCardConnection, sm4: Sm4): Promise<void> {
  const challenge = await exchangeOk(conn, GET_CHALLENGE_APDU, 'get challenge');
  if (challenge.length !== 8) throw new DriverError('ERR_PROTOCOL', `challenge of ${challenge.length} bytes, expected 8`);
  const { sw } = await conn.transmit(authFinishApdu(sm4, challenge));
  if (sw === SW_OK) return;
  const tries = triesLeftFromSw(sw);
  if (tries === 0) throw new DriverError('ERR_AUTH_BLOCKED', 'the token is locked after too many wrong keys', { data: { sw } });
  if (tries !== null) throw new AuthFailedError(`wrong token key, ${tries} tries left`, tries, { data: { sw } });
  if (sw === SW_AUTH_FAILED) throw new AuthFailedError('the token refused the key (6983): wrong key, or the token is locked', null, { data: { sw } });
  throw new ApduError(sw, `auth finish was refused (SW ${formatSw(sw)})`);
}

export interface Token2InfoReply {
  /** ASCII serial number. */
  serial: string;
  /** Device clock, Unix seconds. */
  deviceTime: number;
}

/** Parses the get-info reply `hdr(3) ‖ len(1) ‖ serial ‖ sep(2) ‖ UTC u32 BE`. */
export function parseToken2Info(data: Buffer): Token2InfoReply {
  const len = data[3];
  if (len === undefined || data.length < 4 + len + 6) {
    throw new DriverError('ERR_TRUNCATED_RESPONSE', `get-info reply of ${data.length} bytes is too short`);
  }
  return { serial: data.subarray(4, 4 + len).toString('latin1'), deviceTime: data.readUInt32BE(4 + len + 2) };
}
