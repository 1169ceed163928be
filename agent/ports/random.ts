// SPDX-License-Identifier: UNLICENSED
import { randomBytes, randomUUID } from 'node:crypto';

/** Cryptographic randomness, injected so tests can make ids deterministic where they need to. */
export interface Random {
  /** `n` bytes from a CSPRNG. */
  bytes(n: number): Buffer;
  /** An RFC 4122 version 4 UUID. */
  uuid(): string;
}

export function createSystemRandom(): Random {
  return { bytes: (n) => randomBytes(n), uuid: () => randomUUID() };
}
