// SPDX-License-Identifier: UNLICENSED
import type { XmlDocument, XmlElement, XmlNode } from '../../xml/xml-types.js';
import { DSIG_NS } from '../xml/xmldsig.js';
import { SAML_NS } from './saml-constants.js';
import { samlRequestError } from './saml-request-error.js';

const ELEMENT_NODE = 1;

/**
 * The request's own enveloped signature, or null when the document holds no `ds:Signature` at all.
 * Rules (saml-core §5.4.1–5.4.2, and the wrapping attacks of samlify #634 / CVE-2025-47949):
 * - at most one `ds:Signature` anywhere in the document, so no second signed element can be hidden in it;
 * - that signature is a direct child of the root, and the root is what it signs (checked by the caller
 *   through the Reference URI);
 * - it comes right after the root's `saml:Issuer`, which is the root's first child element.
 * Any other placement is `ERR_SIGNATURE`.
 */
export function findEnvelopedSignature(doc: XmlDocument): XmlElement | null {
  const all = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (all.length === 0) return null;
  if (all.length > 1) throw samlRequestError('ERR_SIGNATURE', `the request holds ${all.length} signatures; exactly one, on the request itself, is accepted`);
  const signature = all.item(0) as XmlElement;
  const root = doc.documentElement;
  if (root === null || signature.parentNode !== root) {
    throw samlRequestError('ERR_SIGNATURE', 'the signature is not a child of the request element, so it does not sign the request (signature wrapping)');
  }
  const previous = previousElement(signature);
  if (previous === null || previous.namespaceURI !== SAML_NS || previous.localName !== 'Issuer' || previousElement(previous) !== null) {
    throw samlRequestError('ERR_SIGNATURE', 'the signature must directly follow the Issuer, the first child of the request');
  }
  return signature;
}

function previousElement(node: XmlNode): XmlElement | null {
  for (let n = node.previousSibling; n !== null; n = n.previousSibling) if (n.nodeType === ELEMENT_NODE) return n as XmlElement;
  return null;
}
