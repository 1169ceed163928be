// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../ports/random.js';

/** Length of the generated password (Entra accepts 8–256; federated users never use it). */
const LENGTH = 24;
const CLASSES = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#%+-.:=?@^_~'] as const;
const ALL = CLASSES.join('');

/** A uniform index below `n` from `random` (rejection sampling over single bytes; n ≤ 256). */
function pick(random: Random, n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const b = random.bytes(1)[0] ?? 0;
    if (b < limit) return b % n;
  }
}

/**
 * A random 24-character password with at least one lower-case letter, upper-case letter, digit and
 * symbol (Entra's complexity rule needs three of the four). For `passwordProfile` at user creation
 * only: it is never stored, logged or returned to a caller.
 */
export function generatePassword(random: Random): string {
  const chars = CLASSES.map((c) => c[pick(random, c.length)] ?? 'x');
  while (chars.length < LENGTH) chars.push(ALL[pick(random, ALL.length)] ?? 'x');
  for (let i = chars.length - 1; i > 0; i--) {
    const j = pick(random, i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
