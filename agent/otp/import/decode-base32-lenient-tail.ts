// SPDX-License-Identifier: UNLICENSED
import { base32Decode } from '../base32.js';

/**
 * RFC 4648 base32 (A–Z, 2–7, any case, no padding) where the unused low bits of the last symbol may
 * be non-zero, as in Microsoft's own Entra CSV example (`2234567abcdef2234567abcdef`): they are
 * dropped, as most authenticator decoders (and Python's `base64.b32decode`) do. Returns null for any
 * other character or an impossible length.
 */
export function decodeBase32LenientTail(text: string): Buffer | null {
  if (!/^[A-Za-z2-7]*$/.test(text)) return null;
  const upper = text.toUpperCase();
  const spareBits = (upper.length * 5) % 8;
  if (spareBits === 0 || upper.length === 0) return base32Decode(upper);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const last = alphabet.indexOf(upper[upper.length - 1]!);
  const cleared = alphabet[last & ~((1 << spareBits) - 1) & 31]!;
  return base32Decode(upper.slice(0, -1) + cleared);
}
