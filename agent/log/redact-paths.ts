// SPDX-License-Identifier: UNLICENSED
/**
 * Field names whose values never reach a log line, at any of the first three nesting levels
 * (`password`, `*.password`, `*.*.password`). Matching is by exact key name (pino `redact`), so every
 * spelling used in the code base is listed. Values are replaced by `[redacted]`.
 */
export const SECRET_KEYS = [
  'password', 'newPassword', 'currentPassword', 'passwordHash', 'passphrase',
  'secret', 'clientSecret', 'sharedSecret', 'secretKey',
  'seed', 'seedHex', 'seedBase32', 'otpSeed',
  'key', 'masterKey', 'privateKey', 'privateKeyPem', 'dataKey', 'apiKey', 'customerKey', 'wrappedKey',
  'code', 'otp', 'token', 'accessToken', 'refreshToken', 'idToken',
  'authorization', 'cookie', 'set-cookie', 'x-api-key',
  'plaintext', 'payload',
] as const;

export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => {
  const seg = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const join = (prefix: string): string => (seg.startsWith('[') ? `${prefix}${seg}` : `${prefix}.${seg}`);
  return [seg.startsWith('[') ? seg.slice(2, -2) : seg, join('*'), join('*.*')];
});
