// SPDX-License-Identifier: UNLICENSED
import crypto from 'node:crypto';

/** The code a token's display shows: RFC 6238 TOTP over its seed at its own clock. */
export function displayTotp(seed: Buffer, algorithm: 'SHA1' | 'SHA256', period: number, unixSeconds: number, digits: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
  const mac = crypto.createHmac(algorithm === 'SHA1' ? 'sha1' : 'sha256', seed).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return (bin % 10 ** digits).toString().padStart(digits, '0');
}

/** A token's real-time clock: set to `time` at host instant `atMs`, then runs with the host clock. */
export class DeviceClock {
  #base: number;
  #baseAtMs: number;

  constructor(time: number, atMs: number) {
    this.#base = time;
    this.#baseAtMs = atMs;
  }

  set(time: number, atMs: number): void {
    this.#base = time;
    this.#baseAtMs = atMs;
  }

  /** Device Unix seconds at host instant `atMs`. */
  at(atMs: number): number {
    return this.#base + Math.floor((atMs - this.#baseAtMs) / 1000);
  }
}
