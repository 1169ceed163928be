// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../agent/errors.js';

/**
 * One named value of a parsed query or urlencoded body: the string, or null when absent. A name given
 * twice (an array) or as anything but a string is `ERR_BAD_REQUEST` naming it.
 */
export function singleField(fields: unknown, name: string): string | null {
  if (typeof fields !== 'object' || fields === null || !Object.hasOwn(fields, name)) return null;
  const value = (fields as Record<string, unknown>)[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new MfaError('ERR_BAD_REQUEST', `${name} must be given once, as text`, { data: { field: name } });
  return value;
}

/** The query string exactly as it arrived, without `?` (for signatures over the raw query). */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}
