// SPDX-License-Identifier: UNLICENSED
import { MAX_RELAY_STATE_BYTES } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';

/**
 * The `RelayState` to echo: null when absent or empty; otherwise the string as received, at most
 * `MAX_RELAY_STATE_BYTES` UTF-8 bytes (saml-bindings §3.4.3 says 80; see saml-limits.ts). Given twice,
 * not a string, or too long: `ERR_SAML_REQUEST`.
 */
export function readRelayState(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) throw samlRequestError('ERR_SAML_REQUEST', 'RelayState was given more than once');
  if (typeof value !== 'string') throw samlRequestError('ERR_SAML_REQUEST', 'RelayState is not a string');
  if (Buffer.byteLength(value, 'utf8') > MAX_RELAY_STATE_BYTES) {
    throw samlRequestError('ERR_SAML_REQUEST', `RelayState is longer than ${MAX_RELAY_STATE_BYTES} bytes`);
  }
  return value;
}
