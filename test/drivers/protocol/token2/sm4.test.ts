// SPDX-License-Identifier: UNLICENSED
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Sm4 } from '../../../../drivers/protocol/token2/sm4.js';

const KAT_KEY = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');

/** Node's OpenSSL SM4 as an independent oracle. */
function opensslSm4(mode: 'sm4-ecb' | 'sm4-cbc', key: Buffer, data: Buffer, decrypt = false): Buffer {
  const iv = mode === 'sm4-cbc' ? Buffer.alloc(16) : null;
  const c = decrypt ? crypto.createDecipheriv(mode, key, iv) : crypto.createCipheriv(mode, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

describe('Sm4', () => {
  test('GM/T 0002 example 1: one block', () => {
    const sm4 = new Sm4(KAT_KEY);
    expect(sm4.encryptEcb(KAT_KEY).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4.decryptEcb(Buffer.from('681edf34d206965e86b3e94f536e4246', 'hex'))).toEqual(KAT_KEY);
  });

  test('GM/T 0002 example 2: 1,000,000 iterated encryptions', () => {
    const sm4 = new Sm4(KAT_KEY);
    let block: Buffer = Buffer.from(KAT_KEY);
    for (let i = 0; i < 1_000_000; i++) block = sm4.encryptEcb(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  test('ECB and CBC agree with OpenSSL, and ECB round-trips, for random keys and data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 4 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (k, blocks, d) => {
        const key = Buffer.from(k);
        const data = Buffer.from(d).subarray(0, blocks * 16);
        const sm4 = new Sm4(key);
        const ecb = sm4.encryptEcb(data);
        expect(ecb).toEqual(opensslSm4('sm4-ecb', key, data));
        expect(sm4.decryptEcb(ecb)).toEqual(data);
        expect(sm4.encryptCbc(data)).toEqual(opensslSm4('sm4-cbc', key, data));
      }),
      { numRuns: 1000 },
    );
  });

  test('rejects a wrong key size and partial blocks', () => {
    expect(() => new Sm4(Buffer.alloc(15))).toThrow(RangeError);
    expect(() => new Sm4(KAT_KEY).encryptEcb(Buffer.alloc(17))).toThrow(RangeError);
  });
});
