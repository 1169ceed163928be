// SPDX-License-Identifier: UNLICENSED
import { verify, type X509Certificate } from 'node:crypto';
import { RSA_SHA1, RSA_SHA256 } from '../xml/xmldsig.js';
import type { SamlRequestInput } from './saml-idp.js';
import { MAX_SAML_PARAMETER_CHARS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';

/** Query-signature algorithms accepted (SHA-1 only because Entra uses it; see check-signature-shape.ts). */
const HASH_OF: Readonly<Record<string, string>> = { [RSA_SHA256]: 'sha256', [RSA_SHA1]: 'sha1' };
const SIGNED_PARAMETERS = ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature'] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks the HTTP-Redirect query signature (saml-bindings §3.4.4.1). Returns false when the request
 * carries neither `SigAlg` nor `Signature` (unsigned), true when the signature verifies with one of the
 * pinned certificates; anything else is `ERR_SIGNATURE`.
 *
 * The signed octets are `SAMLRequest=v&RelayState=v&SigAlg=v` (RelayState only when the query has it)
 * with each `v` exactly as it stands in `rawQuery`, URL-encoded, never re-encoded. Each of the four
 * parameters may occur once in `rawQuery`, and its decoded value must equal the parsed one in `input`,
 * so the values the caller reads are the values that were signed.
 */
export function verifyRedirectSignature(input: SamlRequestInput, certificates: readonly X509Certificate[]): boolean {
  const raw = input.rawQuery === undefined ? null : rawParameters(input.rawQuery);
  if (input.SigAlg === undefined && input.Signature === undefined && raw?.get('Signature') === undefined && raw?.get('SigAlg') === undefined) {
    return false;
  }
  if (raw === null) throw samlRequestError('ERR_SIGNATURE', 'the raw query string is needed to check an HTTP-Redirect signature');
  for (const name of SIGNED_PARAMETERS) {
    const value = raw.get(name);
    const parsed = input[name];
    const agrees = value === undefined ? parsed === undefined || parsed === '' : parsed === decodeComponent(value);
    if (!agrees) throw samlRequestError('ERR_SIGNATURE', `the ${name} parameter does not match the raw query string`);
  }
  const sigAlg = String(input.SigAlg ?? '');
  const hash = HASH_OF[sigAlg];
  if (hash === undefined) throw samlRequestError('ERR_SIGNATURE', `SigAlg "${sigAlg.slice(0, 100)}" is not accepted (allowed: ${Object.keys(HASH_OF).join(', ')})`);
  const signature = String(input.Signature ?? '').replace(/[\t\n\r ]+/g, '');
  if (signature === '' || signature.length > MAX_SAML_PARAMETER_CHARS || !BASE64.test(signature)) {
    throw samlRequestError('ERR_SIGNATURE', 'the Signature parameter is not base64');
  }
  if (certificates.length === 0) {
    throw samlRequestError('ERR_SIGNATURE', 'the request is signed but no Entra signing certificate is configured (federation.saml.entraCertificatesFile)');
  }
  const samlRequest = raw.get('SAMLRequest');
  if (samlRequest === undefined) throw samlRequestError('ERR_SIGNATURE', 'the raw query string has no SAMLRequest parameter');
  const relayState = raw.get('RelayState');
  const octets = Buffer.from(`SAMLRequest=${samlRequest}${relayState === undefined ? '' : `&RelayState=${relayState}`}&SigAlg=${raw.get('SigAlg')}`, 'utf8');
  const value = Buffer.from(signature, 'base64');
  for (const certificate of certificates) {
    if (certificate.publicKey.asymmetricKeyType === 'rsa' && verify(hash, octets, certificate.publicKey, value)) return true;
  }
  throw samlRequestError('ERR_SIGNATURE', 'the query signature does not verify with any pinned Entra certificate');
}

/** Raw (still URL-encoded) values of the signed parameters; a repeated one is `ERR_SIGNATURE`. */
function rawParameters(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of rawQuery.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!(SIGNED_PARAMETERS as readonly string[]).includes(name)) continue;
    if (out.has(name)) throw samlRequestError('ERR_SIGNATURE', `the ${name} parameter occurs more than once in the query string`);
    out.set(name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  return out;
}

/** application/x-www-form-urlencoded decoding of one value (`+` is a space), as the web layer does it. */
function decodeComponent(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
