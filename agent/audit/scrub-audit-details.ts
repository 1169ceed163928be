// SPDX-License-Identifier: UNLICENSED
/** Detail keys whose values are treated as secrets unless the event lists the key as safe. */
export const SECRET_KEY_PATTERN = /(password|secret|seed|key|token|code|otp)/i;

/** The value written in place of a scrubbed secret. */
export const REDACTED = '[redacted]';

/**
 * Returns a scrubbed deep copy of audit `details`, ready to hash and store. Rules:
 * 1. Under a key matching `SECRET_KEY_PATTERN` (at any depth), a string or binary value becomes
 *    `"[redacted]"`; in an array under such a key, every string or binary element does too; a nested
 *    object under such a key is scrubbed by these same rules, key by key.
 * 2. Exception: a top-level key listed in `safeKeys` (the event's catalogue `safeKeys`, e.g. `keyId`)
 *    keeps its value. Nested keys are never exempt.
 * 3. Binary values (Buffer, any Uint8Array) are never recorded raw: directly under a safe key they
 *    become lowercase hex, anywhere else `"[redacted]"`, whatever the key.
 * 4. Numbers, booleans and null are kept under every key (`passwordChanged: true` stays).
 * Other values are copied as they are; `canonicalJson` later rejects anything not JSON-like.
 */
export function scrubAuditDetails(
  details: Readonly<Record<string, unknown>>,
  safeKeys: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => {
      if (safeKeys.includes(k)) return [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : copy(v, false)];
      return [k, copy(v, SECRET_KEY_PATTERN.test(k))];
    }),
  );
}

function copy(value: unknown, secret: boolean): unknown {
  if (value instanceof Uint8Array) return REDACTED;
  if (typeof value === 'string') return secret ? REDACTED : value;
  if (Array.isArray(value)) return value.map((v) => copy(v, secret));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v, SECRET_KEY_PATTERN.test(k))]));
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
