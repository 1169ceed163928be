// SPDX-License-Identifier: UNLICENSED
/** Byte helpers shared by transports, protocols and emulators. Pure functions, Buffer in and out. */
import { timingSafeEqual } from 'node:crypto';
import { DriverError } from './errors.js';

/** Lower-case hex without separators: `Buffer.from([0x90, 0])` → `9000`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Parses hex, ignoring spaces, colons and newlines (`"00 a4 04 00"`, `"00:A4"`).
 * Throws `ERR_INVALID_ARGUMENT` on an odd digit count or a non-hex character.
 */
export function fromHex(hex: string): Buffer {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  }
  return Buffer.from(clean, 'hex');
}

/** `n` as 4 bytes big-endian. Throws `ERR_INVALID_ARGUMENT` outside 0 … 2^32−1. */
export function u32be(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new DriverError('ERR_INVALID_ARGUMENT', `not a u32: ${n}`);
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** `n` as 8 bytes big-endian (a TOTP time step or HOTP counter). Throws `ERR_INVALID_ARGUMENT` when negative. */
export function u64be(n: number | bigint): Buffer {
  const v = BigInt(n);
  if (v < 0n || v > 0xffffffffffffffffn) throw new DriverError('ERR_INVALID_ARGUMENT', `not a u64: ${n}`);
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v, 0);
  return b;
}

/** Constant-time comparison; false (not an exception) for different lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `bytes` right-padded with `fill` to at least `length` bytes (never truncated). */
export function padRight(bytes: Buffer, length: number, fill = 0): Buffer {
  if (bytes.length >= length) return Buffer.from(bytes);
  return Buffer.concat([bytes, Buffer.alloc(length - bytes.length, fill)]);
}
