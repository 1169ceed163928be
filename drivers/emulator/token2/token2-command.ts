// SPDX-License-Identifier: UNLICENSED
/** A short-form C-APDU as the Token2 firmware reads it: `CLA INS P1 P2 [Lc data…]`. */
export interface Token2Command {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Lc (0 when absent). */
  lc: number;
  /** The Lc data bytes (empty when absent). */
  data: Buffer;
}

/** Parses `apdu`; null when it is shorter than 4 bytes or than `5 + Lc` (the firmware answers `6700`). */
export function parseToken2Command(apdu: Buffer): Token2Command | null {
  if (apdu.length < 4) return null;
  const lc = apdu.length >= 5 ? apdu[4]! : 0;
  if (apdu.length >= 5 && apdu.length < 5 + lc) return null;
  return { cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]!, lc, data: Buffer.from(apdu.subarray(5, 5 + lc)) };
}

/** `data ‖ SW1 SW2`. */
export function reply(sw: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(data.length + 2);
  data.copy(out);
  out.writeUInt16BE(sw, data.length);
  return out;
}
