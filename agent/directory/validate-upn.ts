// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';

/**
 * Entra ID's userPrincipalName rules (Microsoft Graph user resource; shared reference §4.2):
 * - local part: letters A–Z a–z, digits 0–9 and ' . - _ ! # ^ ~ only (no accents, no spaces);
 * - exactly one `@`; no `.` directly before it; the local part may not start with `.`;
 * - at most 113 characters in all, 64 before the `@` and 48 after;
 * - the domain is a DNS name (labels of letters, digits and `-`, not starting or ending with `-`).
 */
export const UPN_RULES = [
  "the part before @ may contain only A-Z a-z 0-9 and ' . - _ ! # ^ ~ (no accents or spaces)",
  'exactly one @ separating the name and the domain',
  'no period at the start or directly before the @',
  'at most 113 characters in all, 64 before the @ and 48 after',
  'the domain is a DNS name such as contoso.com',
] as const;

const LOCAL = /^[A-Za-z0-9'._\-!#^~]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Returns the problems with `upn`, empty when it satisfies Entra's rules (and the allowed suffixes). */
export function upnProblems(upn: string, allowedSuffixes: readonly string[] = []): string[] {
  const problems: string[] = [];
  const parts = upn.split('@');
  if (parts.length !== 2) return [`must contain exactly one @ (found ${parts.length - 1})`];
  const [local = '', domain = ''] = parts;
  if (upn.length > 113) problems.push(`is ${upn.length} characters long; at most 113 are allowed`);
  if (local.length === 0) problems.push('has nothing before the @');
  if (local.length > 64) problems.push(`has ${local.length} characters before the @; at most 64 are allowed`);
  if (domain.length > 48) problems.push(`has ${domain.length} characters after the @; at most 48 are allowed`);
  if (local && !LOCAL.test(local)) {
    const bad = [...new Set([...local].filter((c) => !LOCAL.test(c)))].map((c) => JSON.stringify(c));
    problems.push(`contains characters Entra does not allow before the @: ${bad.join(' ')}`);
  }
  if (local.startsWith('.')) problems.push('starts with a period');
  if (local.endsWith('.')) problems.push('has a period directly before the @');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    problems.push(`has an invalid domain ${JSON.stringify(domain)}`);
  }
  const lower = domain.toLowerCase();
  if (allowedSuffixes.length > 0 && !allowedSuffixes.some((s) => lower === s || lower.endsWith(`.${s}`))) {
    problems.push(`domain ${JSON.stringify(domain)} is not one of the configured directory.upnSuffixes (${allowedSuffixes.join(', ')})`);
  }
  return problems;
}

/** Throws `ERR_INVALID_UPN` spelling out what is wrong and Entra's rules. */
export function assertValidUpn(upn: string, allowedSuffixes: readonly string[] = []): void {
  const problems = upnProblems(upn, allowedSuffixes);
  if (problems.length === 0) return;
  throw new MfaError(
    'ERR_INVALID_UPN',
    `invalid user principal name ${JSON.stringify(upn)}: it ${problems.join('; it ')}.\n` +
      `Entra ID requires: ${UPN_RULES.join('; ')}.`,
    { data: { upn, problems, rules: UPN_RULES } },
  );
}
