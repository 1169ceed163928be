// SPDX-License-Identifier: UNLICENSED
/** Test keys and the two independent verifiers (xmlsec1, xml-crypto) for WS-Fed documents. */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { WsfedSigningKey } from '../../../../agent/federation/wsfed/wsfed-idp.js';
import { DSIG_NS } from '../../../../agent/federation/xml/xmldsig.js';
import { createSelfSignedCertificate } from '../../../../agent/tls/create-self-signed-certificate.js';

export interface TestSigningKey {
  key: WsfedSigningKey;
  certPem: string;
}

/** A fresh RSA-2048 signing key and its self-signed certificate. */
export async function makeSigningKey(id: string, now = Date.now()): Promise<TestSigningKey> {
  const { certPem, keyPem } = await createSelfSignedCertificate({
    commonName: `wsfed test ${id}`, altNames: [], profile: 'signing', now, serial: randomBytes(16),
  });
  return { key: { id, privateKey: createPrivateKey(keyPem), certificateDer: new X509Certificate(certPem).raw }, certPem };
}

/** xmlsec1 `--id-attr` arguments: which attribute of which element is an ID. */
export const SAML11_ASSERTION_ID = ['--id-attr:AssertionID', 'urn:oasis:names:tc:SAML:1.0:assertion:Assertion'];
export const METADATA_ID = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor'];

/**
 * `xmlsec1 --verify` of the document's (first) signature against the pinned certificate. With
 * `onlyX509` (the default) it adds `--enabled-key-data x509`, without which a `<KeyValue>` in the
 * document is trusted too (performance-anchors.md, "Pitfalls").
 */
export function verifyWithXmlsec(xml: string, certPem: string, idAttr: readonly string[], onlyX509 = true): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wsfed-xmlsec-'));
  try {
    writeFileSync(join(dir, 'doc.xml'), xml);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    const args = ['--verify', ...(onlyX509 ? ['--enabled-key-data', 'x509'] : []), '--pubkey-cert-pem', join(dir, 'cert.pem'), ...idAttr, join(dir, 'doc.xml')];
    const r = spawnSync('xmlsec1', args, { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined) throw r.error;
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * xml-crypto ≥ 6.0.1 as a verifier configured against its CVEs (peers-security.md rows 6–8): the
 * certificate pinned, `getCertFromKeyInfo` disabled, exactly one Signature in the document. Returns
 * the canonical XML of what the signature covers when it verifies. `idAttribute` adds an ID attribute
 * name to xml-crypto's `Id`, `ID`, `id` (naming one of those again makes it find every element twice).
 */
export function verifyWithXmlCrypto(xml: string, certPem: string, idAttribute?: 'AssertionID'): { ok: boolean; signedReferences: string[] } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const signatures = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  const signature = signatures.item(0);
  if (signatures.length !== 1 || signature === null) return { ok: false, signedReferences: [] };
  const verifier = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null, ...(idAttribute === undefined ? {} : { idAttribute }) });
  verifier.loadSignature(signature);
  try {
    const ok = verifier.checkSignature(xml);
    return { ok, signedReferences: ok ? verifier.getSignedReferences() : [] };
  } catch {
    return { ok: false, signedReferences: [] };
  }
}

/** The `<saml:Assertion>…</saml:Assertion>` substring of an RSTR. */
export function assertionOf(rstr: string): string {
  const start = rstr.indexOf('<saml:Assertion ');
  const end = rstr.indexOf('</saml:Assertion>');
  if (start < 0 || end < 0) throw new Error('no assertion in the RSTR');
  return rstr.slice(start, end + '</saml:Assertion>'.length);
}
