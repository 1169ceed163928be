// SPDX-License-Identifier: UNLICENSED

/** DER tags on the path Certificate → tbsCertificate → [3] extensions → Extension (RFC 5280 §4.1). */
const SEQUENCE = 0x30;
const EXPLICIT_3 = 0xa3;
const OBJECT_IDENTIFIER = 0x06;
const OCTET_STRING = 0x04;
/** id-ce-subjectKeyIdentifier, 2.5.29.14 (RFC 5280 §4.2.1.2), as DER content octets. */
const OID_SUBJECT_KEY_IDENTIFIER = Buffer.from([0x55, 0x1d, 0x0e]);

interface Tlv {
  tag: number;
  /** Offsets of the content octets within the buffer. */
  start: number;
  end: number;
}

/**
 * The keyIdentifier of a certificate's SubjectKeyIdentifier extension (the value XML-DSig's `X509SKI`
 * carries, base64-decoded), or null when the certificate has none or its DER does not walk cleanly.
 * Byte layout read: `30 { 30 tbs { …, a3 { 30 { 30 ext { 06 oid, [01 critical,] 04 { 04 keyId } } … } } } … }`.
 */
export function subjectKeyIdentifier(der: Buffer): Buffer | null {
  const cert = readTlv(der, 0, der.length);
  const tbs = cert?.tag === SEQUENCE ? readTlv(der, cert.start, cert.end) : null;
  if (tbs?.tag !== SEQUENCE) return null;
  const extensions = children(der, tbs).find((t) => t.tag === EXPLICIT_3);
  const list = extensions === undefined ? null : readTlv(der, extensions.start, extensions.end);
  if (list?.tag !== SEQUENCE) return null;
  for (const ext of children(der, list)) {
    const [oid, ...rest] = children(der, ext);
    if (oid?.tag !== OBJECT_IDENTIFIER || !der.subarray(oid.start, oid.end).equals(OID_SUBJECT_KEY_IDENTIFIER)) continue;
    const value = rest.find((t) => t.tag === OCTET_STRING);
    const keyId = value === undefined ? null : readTlv(der, value.start, value.end);
    return keyId?.tag === OCTET_STRING ? Buffer.from(der.subarray(keyId.start, keyId.end)) : null;
  }
  return null;
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const tlv = readTlv(der, at, parent.end);
    if (tlv === null) return [];
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/** One definite-length TLV at `at` that ends by `limit`, or null. */
function readTlv(der: Buffer, at: number, limit: number): Tlv | null {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === undefined || first === undefined) return null;
  let start = at + 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : null;
}
