// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../../../agent/otp/base32.js';

describe('base32Encode / base32Decode', () => {
  it('round-trips the token-hardware.md §8 vectors, case-insensitively, ignoring padding, spaces and hyphens', () => {
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Encode(Buffer.from('48656c6c6f21deadbeef', 'hex'))).toBe('JBSWY3DPEHPK3PXP');
    expect(base32Decode('jbsw y3dp-ehpk3pxp')?.toString('hex')).toBe('48656c6c6f21deadbeef');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====')?.toString()).toBe('12345678901234567890');
  });

  it('refuses other characters, impossible lengths and, unless lenientTail, non-zero unused bits', () => {
    expect(base32Decode('JBSWY3D1')).toBeNull();
    expect(base32Decode('A')).toBeNull();
    expect(base32Decode('2234567abcdef2234567abcdef')).toBeNull();
    expect(base32Decode('2234567abcdef2234567abcdef', { lenientTail: true })?.length).toBe(16);
  });
});
