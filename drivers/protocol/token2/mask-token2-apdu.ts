// SPDX-License-Identifier: UNLICENSED
/**
 * Token2 C-APDU as hex for the traffic log, with secrets hidden: the auth cryptogram (`80 CE`), the encrypted
 * seed and its MAC (`C5`), the new customer key and its MAC (`D7`). Headers, config and title bodies stay visible.
 * Example: `84c5010024‹36 bytes masked›`.
 */
import { apduHeaderLength, maskedHex } from '../../core/traffic-log.js';
import { INS_AUTH_FINISH, INS_SET_CUSTOMER_KEY, INS_WRITE_SEED } from './token2-apdus.js';

const SECRET_INS: ReadonlySet<number> = new Set([INS_AUTH_FINISH, INS_WRITE_SEED, INS_SET_CUSTOMER_KEY]);

export function maskToken2Apdu(apdu: Buffer): string {
  if (!SECRET_INS.has(apdu[1] ?? -1)) return maskedHex(apdu, []);
  return maskedHex(apdu, [[apduHeaderLength(apdu), apdu.length]]);
}
