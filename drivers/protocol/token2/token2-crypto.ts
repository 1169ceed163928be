// SPDX-License-Identifier: UNLICENSED
/**
 * Token2 command cryptography (token-hardware.md §2.2–2.3, from token2/openT2OTP `token2.c` and
 * token2/molto2-tools `docs/PROTOCOL.md`). All of it is SM4 under one 16-byte key: the fixed device key on
 * single-profile tokens, `SHA1(customerKey)[:16]` on Molto2.
 */
import crypto from 'node:crypto';
import { Sm4 } from './sm4.js';

/** Fixed SM4 key of every single-profile Token2 token; documented by Token2 as non-secret (§2.2). */
export const TOKEN2_DEVICE_KEY = Buffer.from('8ad206883ca369482ab27182b6e83224', 'hex');

/** Customer key of a factory-fresh Molto2, ASCII `TOKEN2MOLTO1-KEY` (§2.3). */
export const MOLTO2_FACTORY_CUSTOMER_KEY = Buffer.from('TOKEN2MOLTO1-KEY', 'ascii');

/** The plain class byte, also used in the MAC header of secure (`0x84`) commands. */
const MAC_HEADER_CLA = 0x80;
const BLOCK = 16;
/** Length of the MAC trailing every secure command. */
export const TOKEN2_MAC_LENGTH = 4;

/** ISO/IEC 9797-1 padding method 2: `data ‖ 80 ‖ 00…` up to the next multiple of 16 (always adds ≥ 1 byte). */
export function padIso9797M2(data: Buffer): Buffer {
  const pad = Buffer.alloc(BLOCK - (data.length % BLOCK));
  pad[0] = 0x80;
  return Buffer.concat([data, pad]);
}

/** Removes method-2 padding; null when the marker is missing (the device answers `6A80`). */
export function unpadIso9797M2(data: Buffer): Buffer | null {
  for (let i = data.length - 1; i >= 0; i--) {
    if (data[i] === 0x80) return data.subarray(0, i);
    if (data[i] !== 0x00) return null;
  }
  return null;
}

/** The SM4 key of a Molto2 whose customer key is `customerKey`: `SHA1(customerKey)[:16]`. */
export function deriveMolto2Key(customerKey: Buffer): Buffer {
  return crypto.createHash('sha1').update(customerKey).digest().subarray(0, 16);
}

/**
 * Auth-finish cryptogram: `SM4-ECB(key, challenge(8) ‖ 00×8)`.
 * @param challenge the 8 bytes answered to `80 4B 08 00 00`.
 */
export function authCryptogram(sm4: Sm4, challenge: Buffer): Buffer {
  if (challenge.length !== 8) throw new RangeError(`challenge must be 8 bytes, got ${challenge.length}`);
  return sm4.encryptEcb(Buffer.concat([challenge, Buffer.alloc(8)]));
}

/**
 * Command MAC: first 4 bytes of the last block of `SM4-CBC(key, IV=0, M)`, where
 * `M = [0x80, INS, P1, P2, len(body)] ‖ body`, method-2 padded only when `M` is not block-aligned.
 */
export function token2Mac(sm4: Sm4, ins: number, p1: number, p2: number, body: Buffer): Buffer {
  const m = Buffer.concat([Buffer.from([MAC_HEADER_CLA, ins, p1, p2, body.length]), body]);
  const cbc = sm4.encryptCbc(m.length % BLOCK === 0 ? m : padIso9797M2(m));
  return Buffer.from(cbc.subarray(cbc.length - BLOCK, cbc.length - BLOCK + TOKEN2_MAC_LENGTH));
}

/**
 * Seed plaintext as sent encrypted: `seed ‖ 80 ‖ 00…` to a multiple of 16. An all-zero seed is the Molto2
 * "clear" value and is zero-padded without the marker (§2.3).
 */
export function padSeed(seed: Buffer): Buffer {
  if (seed.length > 0 && seed.every((b) => b === 0)) return Buffer.concat([seed, Buffer.alloc(BLOCK - (seed.length % BLOCK))]);
  return padIso9797M2(seed);
}

/** `SM4-ECB(key, padSeed(seed))`: deterministic, no IV and no session binding. */
export function encryptSeed(sm4: Sm4, seed: Buffer): Buffer {
  return sm4.encryptEcb(padSeed(seed));
}
