// SPDX-License-Identifier: UNLICENSED
/** RFC 4648 base32 (alphabet A–Z, 2–7), as used in otpauth URIs, the Entra CSV and ykman. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Encodes without padding (`=`), which otpauth URIs and authenticator apps expect. */
export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes case-insensitively, ignoring spaces, hyphens and trailing `=` padding.
 * Returns null for any other character or an impossible length (1, 3 or 6 symbols in the last group),
 * or when the unused trailing bits are not zero, unless `lenientTail`: then they are dropped, as most
 * authenticator decoders (and Python's `base64.b32decode`) do, and as Microsoft's own Entra CSV example
 * (`2234567abcdef2234567abcdef`) needs.
 */
export function base32Decode(text: string, options: { lenientTail?: boolean } = {}): Buffer | null {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const rem = clean.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  if (value !== 0 && options.lenientTail !== true) return null;
  return Buffer.from(out);
}
