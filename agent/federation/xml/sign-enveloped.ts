// SPDX-License-Identifier: UNLICENSED
import { createHash, sign, type KeyObject } from 'node:crypto';
import { element, startTag } from './canonical-xml.js';
import { DIGEST_SHA256, DSIG_NS, ENVELOPED_SIGNATURE, EXC_C14N, RSA_SHA256 } from './xmldsig.js';

/** The key that signs, with the certificate published in `KeyInfo`. */
export interface XmlSigningKey {
  privateKey: KeyObject;
  /** DER of the X.509 certificate whose public key verifies the signature. */
  certificateDer: Buffer;
}

/**
 * An element to sign, split where the `<ds:Signature>` goes. Each part is canonical XML as
 * `canonical-xml.ts` writes it, and `start + before + after + end` is the element's exc-c14n form as
 * it stands in the document (its own namespace declarations included).
 */
export interface EnvelopedParts {
  /** The element's start tag, carrying `ID`/`AssertionID` = `id`. */
  start: string;
  /** Children before the signature (SAML 2.0: the Issuer). */
  before: string;
  /** Children after the signature (SAML 1.1 puts the signature last: empty). */
  after: string;
  /** The end tag. */
  end: string;
  /** The value of the element's ID attribute, referenced as `#id`. */
  id: string;
}

/**
 * Signs an element with an enveloped XML-DSig signature: exc-c14n, RSA-SHA256, SHA-256 digest, one
 * Reference to `#id` with the enveloped-signature and exc-c14n transforms, and the certificate in
 * `KeyInfo/X509Data`. Returns the element with `<ds:Signature>` between `before` and `after`.
 *
 * The digest is over `start + before + after + end` (the enveloped transform removes the signature).
 * The signature value is over SignedInfo canonicalised as an apex, i.e. with `xmlns:ds` declared on it
 * (exc-c14n §3: the declaration is visibly used and no output ancestor renders it).
 */
export function signEnveloped(parts: EnvelopedParts, key: XmlSigningKey): string {
  const digest = createHash('sha256').update(parts.start).update(parts.before).update(parts.after).update(parts.end).digest('base64');
  const signedInfoBody = [
    element('ds:CanonicalizationMethod', { attrs: { Algorithm: EXC_C14N } }),
    element('ds:SignatureMethod', { attrs: { Algorithm: RSA_SHA256 } }),
    element('ds:Reference', { attrs: { URI: `#${parts.id}` } }, [
      element('ds:Transforms', {}, [
        element('ds:Transform', { attrs: { Algorithm: ENVELOPED_SIGNATURE } }),
        element('ds:Transform', { attrs: { Algorithm: EXC_C14N } }),
      ]),
      element('ds:DigestMethod', { attrs: { Algorithm: DIGEST_SHA256 } }),
      element('ds:DigestValue', {}, digest),
    ]),
  ].join('');
  const signedInfoApex = `${startTag('ds:SignedInfo', { ns: { ds: DSIG_NS } })}${signedInfoBody}</ds:SignedInfo>`;
  const value = sign('sha256', Buffer.from(signedInfoApex, 'utf8'), key.privateKey).toString('base64');
  const signature = element('ds:Signature', { ns: { ds: DSIG_NS } }, [
    `<ds:SignedInfo>${signedInfoBody}</ds:SignedInfo>`,
    element('ds:SignatureValue', {}, value),
    element('ds:KeyInfo', {}, [element('ds:X509Data', {}, [element('ds:X509Certificate', {}, key.certificateDer.toString('base64'))])]),
  ]);
  return parts.start + parts.before + signature + parts.after + parts.end;
}
