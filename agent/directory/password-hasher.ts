// SPDX-License-Identifier: UNLICENSED
import { scrypt, timingSafeEqual } from 'node:crypto';
import type { Random } from '../ports/random.js';

/** scrypt parameters; `cost` (N) must be a power of two. */
export interface ScryptParams {
  /** @default 32768 */ cost: number;
  /** @default 8 */ blockSize: number;
  /** @default 1 */ parallelization: number;
}

export interface PasswordHasher {
  /** PHC-style string: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt b64>$<hash b64>` (16-byte salt, 32-byte hash). */
  hash(password: string): Promise<string>;
  /** Timing-safe. A null or malformed `stored` still costs one full scrypt run and returns false. */
  verify(password: string, stored: string | null): Promise<boolean>;
  /** True when `stored` was made with weaker parameters than the current ones. */
  needsRehash(stored: string): boolean;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, p: ScryptParams, len: number): Promise<Buffer> {
  const maxmem = 128 * p.cost * p.blockSize * p.parallelization + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, len, { N: p.cost, r: p.blockSize, p: p.parallelization, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  const ln = Number(m[1]);
  if (ln < 1 || ln > 24) return null;
  return {
    params: { cost: 2 ** ln, blockSize: Number(m[2]), parallelization: Number(m[3]) },
    salt: Buffer.from(m[4] ?? '', 'base64'),
    hash: Buffer.from(m[5] ?? '', 'base64'),
  };
}

export function createPasswordHasher(params: ScryptParams, random: Random): PasswordHasher {
  const ln = Math.log2(params.cost);
  const dummySalt = random.bytes(16);
  return {
    async hash(password) {
      const salt = random.bytes(16);
      const key = await derive(password, salt, params, 32);
      return `$scrypt$ln=${ln},r=${params.blockSize},p=${params.parallelization}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, stored) {
      const parsed = stored === null ? null : parse(stored);
      if (!parsed || parsed.hash.length < 16) {
        await derive(password, dummySalt, params, 32);
        return false;
      }
      const key = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
      return timingSafeEqual(key, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parse(stored);
      if (!parsed) return true;
      return (
        parsed.params.cost < params.cost ||
        parsed.params.blockSize < params.blockSize ||
        parsed.params.parallelization < params.parallelization
      );
    },
  };
}
