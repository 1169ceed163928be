// SPDX-License-Identifier: UNLICENSED
/** Namespaces and algorithm identifiers of RFC 6030 (PSKC) and the XML Encryption/Signature specs it uses. */

/** RFC 6030 §4. */
export const PSKC_NS = 'urn:ietf:params:xml:ns:keyprov:pskc';
/** XML Signature (ds:KeyName in EncryptionKey). */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XML Encryption 1.0 (EncryptionMethod, CipherData, CipherValue). */
export const XENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
/** XML Encryption 1.1 (DerivedKey, KeyDerivationMethod, PBKDF2-params); RFC 6030 §6.2. */
export const XENC11_NS = 'http://www.w3.org/2009/xmlenc11#';
/** PKCS #5 v2.0 schema namespace; its PBKDF2-params children are usually unqualified. */
export const PKCS5_NS = 'http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#';
/** RFC 6030 §6.2: the key derivation method for password-based encryption. */
export const PBKDF2_URI = `${PKCS5_NS}pbkdf2`;

/** Key@Algorithm for HOTP (RFC 6030 §10.1) and TOTP, plus the spellings of pre-RFC drafts. */
export const KEY_ALGORITHM_TYPES: Readonly<Record<string, 'hotp' | 'totp'>> = {
  'urn:ietf:params:xml:ns:keyprov:pskc:hotp': 'hotp',
  'urn:ietf:params:xml:ns:keyprov:pskc#hotp': 'hotp',
  'http://www.ietf.org/keyprov/pskc#hotp': 'hotp',
  'urn:ietf:params:xml:ns:keyprov:pskc:totp': 'totp',
  'urn:ietf:params:xml:ns:keyprov:pskc#totp': 'totp',
  'http://www.ietf.org/keyprov/pskc#totp': 'totp',
};

/** RFC 6030 §6.1: block ciphers (CipherValue = IV ‖ ciphertext, PKCS #7 padding) and RFC 3394 key wrap. */
export type PskcCipher =
  | { uri: string; kind: 'cbc'; node: string; keyBytes: number; ivBytes: number }
  | { uri: string; kind: 'kw'; node: string; nodePadded: string; keyBytes: number };

export const PSKC_CIPHERS: readonly PskcCipher[] = [
  { uri: `${XENC_NS}aes128-cbc`, kind: 'cbc', node: 'aes-128-cbc', keyBytes: 16, ivBytes: 16 },
  { uri: `${XENC_NS}aes192-cbc`, kind: 'cbc', node: 'aes-192-cbc', keyBytes: 24, ivBytes: 16 },
  { uri: `${XENC_NS}aes256-cbc`, kind: 'cbc', node: 'aes-256-cbc', keyBytes: 32, ivBytes: 16 },
  { uri: `${XENC_NS}tripledes-cbc`, kind: 'cbc', node: 'des-ede3-cbc', keyBytes: 24, ivBytes: 8 },
  { uri: `${XENC_NS}kw-aes128`, kind: 'kw', node: 'id-aes128-wrap', nodePadded: 'id-aes128-wrap-pad', keyBytes: 16 },
  { uri: `${XENC_NS}kw-aes192`, kind: 'kw', node: 'id-aes192-wrap', nodePadded: 'id-aes192-wrap-pad', keyBytes: 24 },
  { uri: `${XENC_NS}kw-aes256`, kind: 'kw', node: 'id-aes256-wrap', nodePadded: 'id-aes256-wrap-pad', keyBytes: 32 },
];

/** RFC 6030 §6.1.1 MACMethod / ValueMAC algorithms (RFC 3275 and RFC 4051 identifiers). */
export const PSKC_MAC_ALGORITHMS: Readonly<Record<string, string>> = {
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#hmac-sha224': 'sha224',
  'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#hmac-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#hmac-sha512': 'sha512',
};

/** RFC 3275: the MAC algorithm when MACMethod names none. */
export const DEFAULT_MAC_ALGORITHM = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';

/** RFC 8018 §A.2: PBKDF2 PRF identifiers, by the fragment that all published spellings share. */
export const PBKDF2_PRFS: Readonly<Record<string, string>> = {
  'hmac-sha1': 'sha1',
  'hmac-sha224': 'sha224',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
};
