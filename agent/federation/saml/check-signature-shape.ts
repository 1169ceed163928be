// SPDX-License-Identifier: UNLICENSED
import type { XmlElement, XmlNode } from '../../xml/xml-types.js';
import { DIGEST_SHA1, DIGEST_SHA256, DSIG_NS, ENVELOPED_SIGNATURE, EXC_C14N, RSA_SHA1, RSA_SHA256 } from '../xml/xmldsig.js';
import { samlRequestError } from './saml-request-error.js';

const ELEMENT_NODE = 1;
/**
 * Signature and digest algorithms accepted on signed requests. SHA-1 is here only because Entra signs
 * its requests with rsa-sha1/sha1 (reference §1.3); nothing we emit or accept elsewhere uses it. HMAC
 * and every other algorithm are refused before any key is touched (xml-crypto GHSA-c27r-x354-4m68).
 */
const SIGNATURE_METHODS: readonly string[] = [RSA_SHA256, RSA_SHA1];
const DIGEST_METHODS: readonly string[] = [DIGEST_SHA256, DIGEST_SHA1];

/**
 * Checks a request's `ds:Signature` against the one shape we verify, all in the XML-DSig namespace:
 * `Signature { SignedInfo { CanonicalizationMethod(exc-c14n) SignatureMethod(rsa-sha256|rsa-sha1)
 * Reference(URI="#" + rootId) { Transforms { Transform(enveloped) Transform(exc-c14n) } DigestMethod(sha256|sha1)
 * DigestValue } } SignatureValue KeyInfo? }`. Only an exc-c14n `InclusiveNamespaces` may appear besides.
 * So there is one Reference, and it names the root (samlify #634). Anything else is `ERR_SIGNATURE`.
 * Returns the `X509SKI` of `KeyInfo/X509Data` (Entra sends only that and a KeyName), null when absent.
 */
export function checkSignatureShape(signature: XmlElement, rootId: string): { ski: Buffer | null } {
  const [signedInfo, , keyInfo] = expectChildren(signature, ['SignedInfo', 'SignatureValue'], ['KeyInfo']);
  const [c14n, method, reference] = expectChildren(signedInfo!, ['CanonicalizationMethod', 'SignatureMethod', 'Reference']);
  expectAlgorithm(c14n!, [EXC_C14N], 'CanonicalizationMethod');
  onlyInclusiveNamespaces(c14n!);
  expectAlgorithm(method!, SIGNATURE_METHODS, 'SignatureMethod');
  expectChildren(method!, []);
  if (reference!.getAttribute('URI') !== `#${rootId}`) {
    throw samlRequestError('ERR_SIGNATURE', 'the signature\'s Reference URI is not "#" + the ID of the request element, so it does not sign the request');
  }
  const [transforms, digest] = expectChildren(reference!, ['Transforms', 'DigestMethod', 'DigestValue']);
  const [enveloped, exclusive] = expectChildren(transforms!, ['Transform', 'Transform']);
  expectAlgorithm(enveloped!, [ENVELOPED_SIGNATURE], 'the first Transform');
  expectChildren(enveloped!, []);
  expectAlgorithm(exclusive!, [EXC_C14N], 'the second Transform');
  onlyInclusiveNamespaces(exclusive!);
  expectAlgorithm(digest!, DIGEST_METHODS, 'DigestMethod');
  return { ski: keyInfo === undefined ? null : readSki(keyInfo) };
}

function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n: XmlNode | null = el.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as XmlElement);
  return out;
}

/** The child elements, which must be `required` in order then optionally `optional`, all in XML-DSig. */
function expectChildren(el: XmlElement, required: readonly string[], optional: readonly string[] = []): Array<XmlElement | undefined> {
  const kids = elementChildren(el);
  const names = [...required, ...optional];
  const fits = kids.length >= required.length && kids.length <= names.length
    && kids.every((k, i) => k.namespaceURI === DSIG_NS && k.localName === names[i]);
  if (!fits) {
    const found = kids.map((k) => k.localName).join(', ') || 'nothing';
    throw samlRequestError('ERR_SIGNATURE', `ds:${el.localName} must contain ${names.join(', ') || 'no elements'} in that order; found ${found}`);
  }
  return kids;
}

function expectAlgorithm(el: XmlElement, allowed: readonly string[], what: string): void {
  const algorithm = el.getAttribute('Algorithm') ?? '';
  if (!allowed.includes(algorithm)) {
    throw samlRequestError('ERR_SIGNATURE', `${what} algorithm "${algorithm.slice(0, 100)}" is not accepted (allowed: ${allowed.join(', ')})`);
  }
}

function onlyInclusiveNamespaces(el: XmlElement): void {
  const kids = elementChildren(el);
  if (kids.length > 1 || kids.some((k) => k.namespaceURI !== EXC_C14N || k.localName !== 'InclusiveNamespaces')) {
    throw samlRequestError('ERR_SIGNATURE', `ds:${el.localName} may only contain an exc-c14n InclusiveNamespaces element`);
  }
}

function readSki(keyInfo: XmlElement): Buffer | null {
  for (const data of elementChildren(keyInfo)) {
    if (data.namespaceURI !== DSIG_NS || data.localName !== 'X509Data') continue;
    for (const item of elementChildren(data)) {
      if (item.namespaceURI === DSIG_NS && item.localName === 'X509SKI') return Buffer.from((item.textContent ?? '').replace(/\s+/g, ''), 'base64');
    }
  }
  return null;
}
