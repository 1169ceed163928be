// SPDX-License-Identifier: UNLICENSED
/**
 * XML-DSig identifiers. Always `http://`: Microsoft Learn pages that print `https://` forms are wrong
 * (reference/entra-federation-graph.md, banner).
 */

/** XML-DSig namespace (xmldsig-core §4). */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** Exclusive XML Canonicalization 1.0, without comments (xml-exc-c14n §3). */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** Enveloped-signature transform (xmldsig-core §6.6.4). */
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
/** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 6931 §2.3.2). */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** RSASSA-PKCS1-v1_5 with SHA-1 (xmldsig-core §6.4.2); accepted only on requests Entra signs. */
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
/** SHA-256 digest (xmlenc-core §5.7.2). */
export const DIGEST_SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
/** SHA-1 digest (xmldsig-core §6.2.1); accepted only on requests Entra signs. */
export const DIGEST_SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
