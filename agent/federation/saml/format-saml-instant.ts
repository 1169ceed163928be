// SPDX-License-Identifier: UNLICENSED

/** A SAML time value (saml-core §1.3.3): UTC xs:dateTime with milliseconds and `Z`, `2024-03-12T14:00:18.450Z`. */
export function formatSamlInstant(ms: number): string {
  return new Date(ms).toISOString();
}
