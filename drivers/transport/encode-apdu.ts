// SPDX-License-Identifier: UNLICENSED
/**
 * ISO/IEC 7816-4 command APDU encoding.
 *
 *   short:    CLA INS P1 P2 [Lc(1) data(1–255)] [Le(1); 256 encodes as 00]
 *   extended: CLA INS P1 P2 [00 Lc(2) data(1–65535)] [Le(2), preceded by 00 when there is no data;
 *             65536 encodes as 00 00]
 *
 * `le` is Ne, the most response bytes expected; leave it out for "no Le". yubikit sends commands without
 * data as `CLA INS P1 P2 00` (LIST, SEND REMAINING in token-hardware.md §1.9), which is `le: 256`.
 */
import { DriverError } from '../core/errors.js';

export interface Apdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data; empty or absent means no Lc. */
  data?: Uint8Array;
  /** Ne: 1–256 short, 1–65536 extended; absent means no Le field. */
  le?: number;
}

export interface EncodeApduOptions {
  /** Use extended length fields. Default false (short APDUs, data ≤ 255 bytes). */
  extended?: boolean;
}

const SHORT_MAX_DATA = 0xff;
const SHORT_MAX_LE = 0x100;
const EXTENDED_MAX_DATA = 0xffff;
const EXTENDED_MAX_LE = 0x10000;

function byte(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new DriverError('ERR_INVALID_ARGUMENT', `APDU ${name} is not a byte: ${v}`);
  return v;
}

/** Throws `ERR_INVALID_ARGUMENT` when a field does not fit the chosen form. */
export function encodeApdu(apdu: Apdu, options: EncodeApduOptions = {}): Buffer {
  const header = Buffer.from([byte('CLA', apdu.cla), byte('INS', apdu.ins), byte('P1', apdu.p1), byte('P2', apdu.p2)]);
  const data = Buffer.from(apdu.data ?? new Uint8Array(0));
  const extended = options.extended ?? false;
  const maxData = extended ? EXTENDED_MAX_DATA : SHORT_MAX_DATA;
  const maxLe = extended ? EXTENDED_MAX_LE : SHORT_MAX_LE;
  if (data.length > maxData) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `APDU data of ${data.length} bytes exceeds ${maxData} (${extended ? 'extended' : 'short'})`);
  }
  if (apdu.le !== undefined && (!Number.isInteger(apdu.le) || apdu.le < 1 || apdu.le > maxLe)) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `APDU Le ${apdu.le} is outside 1–${maxLe}`);
  }
  const parts: Buffer[] = [header];
  if (!extended) {
    if (data.length > 0) parts.push(Buffer.from([data.length]), data);
    if (apdu.le !== undefined) parts.push(Buffer.from([apdu.le & 0xff]));
    return Buffer.concat(parts);
  }
  if (data.length > 0) parts.push(Buffer.from([0, data.length >> 8, data.length & 0xff]), data);
  if (apdu.le !== undefined) {
    const le = apdu.le & 0xffff;
    parts.push(data.length > 0 ? Buffer.from([le >> 8, le & 0xff]) : Buffer.from([0, le >> 8, le & 0xff]));
  }
  return Buffer.concat(parts);
}
