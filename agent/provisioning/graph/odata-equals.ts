// SPDX-License-Identifier: UNLICENSED

/**
 * A percent-encoded OData filter `property eq 'value'`, ready to follow `$filter=`. The string literal
 * doubles single quotes (OData ABNF `SQUOTE-in-string`), then the whole expression is percent-encoded:
 * the Graph SDK sends query strings as given, so a base64 immutable id's `+` would otherwise arrive as
 * a space and `/`, `=` would be taken literally (reference §4.9).
 */
export function odataEquals(property: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_/.]*$/.test(property)) throw new TypeError(`not an OData property path: ${property}`);
  return encodeURIComponent(`${property} eq '${value.replaceAll("'", "''")}'`);
}
