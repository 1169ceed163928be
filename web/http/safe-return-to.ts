// SPDX-License-Identifier: UNLICENSED
/** Where a staff sign-in lands when no usable `returnTo` was given. */
export const CONSOLE_HOME = '/helpdesk';

const MAX_RETURN_TO = 512;

/**
 * The console path to return to after a staff sign-in. Rules: a local absolute path that is `/helpdesk`
 * or under `/helpdesk/` (optionally with a query), printable ASCII only, no `//` or `\` anywhere (no
 * protocol-relative or backslash tricks), no `..` segment, at most 512 characters, and not the sign-in
 * page itself. Anything else is `/helpdesk`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return CONSOLE_HOME;
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('//') || value.includes('\\')) return CONSOLE_HOME;
  const path = value.split(/[?#]/, 1)[0] ?? '';
  if (path !== CONSOLE_HOME && !path.startsWith(`${CONSOLE_HOME}/`)) return CONSOLE_HOME;
  if (path.split('/').some((s) => s === '..' || s === '.' || /%2e|%2f|%5c/i.test(s))) return CONSOLE_HOME;
  if (path === `${CONSOLE_HOME}/signin`) return CONSOLE_HOME;
  return value;
}
