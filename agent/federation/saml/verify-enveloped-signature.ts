// SPDX-License-Identifier: UNLICENSED
import type { X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { XmlElement } from '../../xml/xml-types.js';
import { DIGEST_SHA1, DIGEST_SHA256, ENVELOPED_SIGNATURE, EXC_C14N, RSA_SHA1, RSA_SHA256 } from '../xml/xmldsig.js';
import { samlRequestError } from './saml-request-error.js';
import { subjectKeyIdentifier } from './subject-key-identifier.js';

/**
 * Verifies the enveloped signature of a request whose shape `checkSignatureShape` accepted, with
 * xml-crypto and only Entra's pinned certificates: the certificates whose SubjectKeyIdentifier equals
 * `ski`, or every pinned certificate when none does (a certificate without the extension). KeyInfo
 * never supplies a key (`getCertFromKeyInfo: () => null`, xml-crypto CVE-2024-32962), and xml-crypto's
 * algorithm tables are cut down to the ones the shape check allows.
 *
 * Returns the exclusive canonical form of the signed element (the request without its signature): the
 * bytes the digest covers, from which every value of the request is then read (node-saml
 * CVE-2025-54419). No pinned certificate, or no certificate verifying: `ERR_SIGNATURE`.
 */
export function verifyEnvelopedSignature(xml: string, signature: XmlElement, ski: Buffer | null, certificates: readonly X509Certificate[]): string {
  if (certificates.length === 0) {
    throw samlRequestError('ERR_SIGNATURE', 'the request is signed but no Entra signing certificate is configured (federation.saml.entraCertificatesFile)');
  }
  const named = ski === null ? [] : certificates.filter((c) => subjectKeyIdentifier(c.raw)?.equals(ski) === true);
  for (const certificate of named.length > 0 ? named : certificates) {
    const verifier = new SignedXml({ publicCert: certificate.publicKey, getCertFromKeyInfo: () => null });
    verifier.SignatureAlgorithms = pick(verifier.SignatureAlgorithms, [RSA_SHA256, RSA_SHA1]);
    verifier.HashAlgorithms = pick(verifier.HashAlgorithms, [DIGEST_SHA256, DIGEST_SHA1]);
    verifier.CanonicalizationAlgorithms = pick(verifier.CanonicalizationAlgorithms, [EXC_C14N, ENVELOPED_SIGNATURE]);
    try {
      verifier.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
      if (verifier.checkSignature(xml)) {
        const signed = verifier.getSignedReferences();
        if (signed.length === 1 && signed[0] !== undefined) return signed[0];
      }
    } catch {
      // xml-crypto throws for a wrong key as well as for a bad digest; try the next pinned certificate.
    }
  }
  const which = ski === null ? '' : named.length > 0 ? ' (the certificate its X509SKI names)' : ' (its X509SKI names none of them)';
  throw samlRequestError('ERR_SIGNATURE', `the request's signature does not verify with any pinned Entra certificate${which}`);
}

function pick<T>(table: Record<string, T>, keys: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of keys) if (table[k] !== undefined) out[k] = table[k];
  return out;
}
