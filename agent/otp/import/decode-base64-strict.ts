// SPDX-License-Identifier: UNLICENSED
/**
 * XML Schema `base64Binary` (RFC 4648 §4 alphabet, `=` padding, whitespace allowed anywhere).
 * Returns null for any other character, a length that is not a multiple of 4, or misplaced padding,
 * where `Buffer.from(s, 'base64')` would silently skip or truncate.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Strict(text: string): Buffer | null {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (!BASE64.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}
