// SPDX-License-Identifier: UNLICENSED
import type { X509Certificate } from 'node:crypto';
import type { XmlElement } from '../../xml/xml-types.js';
import { DSIG_NS } from '../xml/xmldsig.js';
import { checkSignatureShape } from './check-signature-shape.js';
import { decodeSamlMessage } from './decode-saml-message.js';
import { findEnvelopedSignature } from './find-enveloped-signature.js';
import { parseSamlXml } from './parse-saml-xml.js';
import { readRelayState } from './read-relay-state.js';
import { rejectComments } from './reject-comments.js';
import { SAMLP_NS } from './saml-constants.js';
import type { SamlRequestInput } from './saml-idp.js';
import { MAX_REQUEST_ELEMENTS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';
import { verifyEnvelopedSignature } from './verify-enveloped-signature.js';
import { verifyRedirectSignature } from './verify-redirect-signature.js';

export interface ReadSamlMessageOptions {
  /** The expected root element, in the SAML protocol namespace. */
  kind: 'AuthnRequest' | 'LogoutRequest';
  certificates: readonly X509Certificate[];
  requireSigned: boolean;
}

export interface SamlMessage {
  /** The request element to read values from: for a signed POST request, parsed from the signed bytes. */
  root: XmlElement;
  signed: boolean;
  relayState: string | null;
}

/**
 * Decodes, parses and authenticates a SAML protocol request. Steps, each refusing with a SAML request
 * error: decode (`decodeSamlMessage`), parse (`parseSamlXml`), at most `MAX_REQUEST_ELEMENTS` elements,
 * root is `samlp:<kind>`, then by binding:
 * - HTTP-POST: the document's one `ds:Signature`, if any, must be the root's enveloped signature
 *   (`findEnvelopedSignature`, `checkSignatureShape`) and verify with a pinned certificate
 *   (`verifyEnvelopedSignature`); the root returned is the one the signature covers.
 * - HTTP-Redirect: the XML must carry no signature (saml-bindings §3.4.4.1); a query signature must
 *   verify (`verifyRedirectSignature`).
 * A signed request holding a comment is refused (`rejectComments`); an unsigned one when `requireSigned`
 * is `ERR_SIGNATURE`. Field checks are the caller's.
 */
export function readSamlMessage(input: SamlRequestInput, options: ReadSamlMessageOptions): SamlMessage {
  const relayState = readRelayState(input.RelayState);
  const xml = decodeSamlMessage(input.binding, input.SAMLRequest);
  const doc = parseSamlXml(xml);
  if (doc.getElementsByTagName('*').length > MAX_REQUEST_ELEMENTS) {
    throw samlRequestError('ERR_SAML_REQUEST', `the request has more than ${MAX_REQUEST_ELEMENTS} elements`);
  }
  const root = doc.documentElement as XmlElement;
  if (root.namespaceURI !== SAMLP_NS || root.localName !== options.kind) {
    const found = `{${root.namespaceURI ?? ''}}${root.localName}`.slice(0, 200);
    throw samlRequestError('ERR_SAML_REQUEST', `expected a samlp:${options.kind} in the SAML 2.0 protocol namespace, found ${found}`);
  }
  let trusted = root;
  let signed: boolean;
  if (input.binding === 'redirect') {
    if (doc.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
      throw samlRequestError('ERR_SIGNATURE', 'an HTTP-Redirect request must not carry an XML signature (saml-bindings §3.4.4.1)');
    }
    signed = verifyRedirectSignature(input, options.certificates);
    if (signed) rejectComments(doc);
  } else {
    const signature = findEnvelopedSignature(doc);
    signed = signature !== null;
    if (signature !== null) {
      rejectComments(doc);
      const { ski } = checkSignatureShape(signature, root.getAttribute('ID') ?? '');
      const canonical = verifyEnvelopedSignature(xml, signature, ski, options.certificates);
      trusted = parseSamlXml(canonical).documentElement as XmlElement;
    }
  }
  if (!signed && options.requireSigned) {
    throw samlRequestError('ERR_SIGNATURE', `the ${options.kind} is not signed, and signed requests are required (federation.saml.requireSignedRequests)`);
  }
  return { root: trusted, signed, relayState };
}
