// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';

/** Longest password accepted; bounds the cost of hashing attacker-supplied input. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * NIST SP 800-63B style checks, no composition rules:
 * - at least `minLength` characters (code points), at most `MAX_PASSWORD_LENGTH`;
 * - not the user's UPN, nor containing its part before the @ (when that part has 4+ characters);
 * - not a single repeated character.
 * Throws `ERR_WEAK_PASSWORD` listing every rule broken; never includes the password.
 */
export function checkPasswordPolicy(password: string, upn: string, minLength: number): void {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < minLength) problems.push(`must be at least ${minLength} characters (got ${length})`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  const local = upn.split('@')[0]?.toLowerCase() ?? '';
  if (lower === upn.toLowerCase() || (local.length >= 4 && lower.includes(local))) {
    problems.push('must not contain the user name');
  }
  if (length > 0 && new Set(password).size === 1) problems.push('must not be one repeated character');
  if (problems.length > 0) {
    throw new MfaError('ERR_WEAK_PASSWORD', `password ${problems.join('; ')}`, { data: { problems } });
  }
}
