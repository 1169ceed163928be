// SPDX-License-Identifier: UNLICENSED
import { inflateRawSync } from 'node:zlib';
import { MAX_SAML_MESSAGE_BYTES, MAX_SAML_PARAMETER_CHARS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';

/** Canonical base64 (RFC 4648 §4) with padding, after line breaks and spaces are removed. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const WHITESPACE = /[\t\n\r ]+/g;

/**
 * The XML text of a `SAMLRequest` parameter. HTTP-POST (saml-bindings §3.5.4): base64 of the XML.
 * HTTP-Redirect (§3.4.4.1): base64 of the XML compressed with raw DEFLATE (RFC 1951, no zlib header).
 *
 * Bounds, checked before the next step runs: at most `MAX_SAML_PARAMETER_CHARS` characters in, at most
 * `MAX_SAML_MESSAGE_BYTES` bytes out (inflation stops there, so a deflate bomb costs 64 KiB of work).
 * The bytes must be UTF-8 (a BOM is dropped). Failures: `ERR_SAML_REQUEST`, or `ERR_XML_MALFORMED` for
 * bytes that are not UTF-8.
 */
export function decodeSamlMessage(binding: 'post' | 'redirect', value: unknown): string {
  if (Array.isArray(value)) throw samlRequestError('ERR_SAML_REQUEST', 'SAMLRequest was given more than once');
  if (typeof value !== 'string' || value === '') throw samlRequestError('ERR_SAML_REQUEST', 'SAMLRequest is missing');
  if (value.length > MAX_SAML_PARAMETER_CHARS) {
    throw samlRequestError('ERR_SAML_REQUEST', `SAMLRequest is longer than ${MAX_SAML_PARAMETER_CHARS} characters`);
  }
  const base64 = value.replace(WHITESPACE, '');
  if (!BASE64.test(base64)) throw samlRequestError('ERR_SAML_REQUEST', 'SAMLRequest is not base64');
  const bytes = Buffer.from(base64, 'base64');
  const xml = binding === 'redirect' ? inflate(bytes) : bytes;
  if (xml.length > MAX_SAML_MESSAGE_BYTES) {
    throw samlRequestError('ERR_SAML_REQUEST', `SAMLRequest is larger than ${MAX_SAML_MESSAGE_BYTES} bytes`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    throw samlRequestError('ERR_XML_MALFORMED', 'SAMLRequest is not UTF-8 text');
  }
}

function inflate(bytes: Buffer): Buffer {
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_SAML_MESSAGE_BYTES });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw samlRequestError('ERR_SAML_REQUEST', `SAMLRequest inflates to more than ${MAX_SAML_MESSAGE_BYTES} bytes`);
    }
    throw samlRequestError('ERR_SAML_REQUEST', 'SAMLRequest is not raw DEFLATE data (HTTP-Redirect binding)');
  }
}
