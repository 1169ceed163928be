// SPDX-License-Identifier: UNLICENSED
/**
 * An instant as an `xs:dateTime` in UTC with milliseconds (`2026-01-01T00:00:00.000Z`), the form
 * SAML 1.1 IssueInstant/NotBefore and `wsu:Created` take. RangeError for a non-finite time.
 */
export function xmlDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
