// SPDX-License-Identifier: UNLICENSED
/**
 * Shared fixtures for the SAML IdP tests: RSA keys with self-signed certificates made by `openssl req
 * -x509` (so each has a SubjectKeyIdentifier, as Entra's do), `xmlsec1` as the independent signer of
 * Entra-style requests and verifier of our output, and a SAML IdP wired to a real SQLite store.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { createSamlIdp } from '../../../../agent/federation/saml/create-saml-idp.js';
import type { SamlIdp, SamlIdpDeps, SamlRequestInput } from '../../../../agent/federation/saml/saml-idp.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { openSqliteStore } from '../../../../agent/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../../agent/store/store.js';
import { fixedClock, type FixedClock } from '../../../helpers/fixed-clock.js';

export const XMLSEC1 = '/usr/bin/xmlsec1';
export const SSO_URL = 'https://mfa.contoso.test/federation/saml/sso';
export const SLO_URL = 'https://mfa.contoso.test/federation/saml/slo';
export const OUR_ISSUER = 'https://mfa.contoso.test/federation/saml/contoso.com';
export const NS_SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const NS_SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';

export interface TestKey {
  name: string;
  keyPath: string;
  certPath: string;
  certPem: string;
  privateKey: KeyObject;
  certificate: X509Certificate;
  certificateDer: Buffer;
}

/** A temp dir holding keys and scratch files for one test file; `close()` removes it. */
export interface SamlKit {
  dir: string;
  /** Our token-signing key. */
  idpKey: TestKey;
  /** "Entra's" request-signing key, pinned in the IdP. */
  entraKey: TestKey;
  /** A second pinned Entra certificate (rollover): requests are signed with `entraKey`. */
  entraNextKey: TestKey;
  /** A key nobody pinned. */
  attackerKey: TestKey;
  store: Store;
  clock: FixedClock;
  idp(overrides?: Partial<SamlIdpDeps>): SamlIdp;
  deps(overrides?: Partial<SamlIdpDeps>): SamlIdpDeps;
  /** Writes `text` to a fresh file in the kit's dir and returns its path. */
  file(name: string, text: string): string;
  close(): Promise<void>;
}

let counter = 0;

export async function openSamlKit(clockStart = Date.now()): Promise<SamlKit> {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-saml-'));
  const makeKey = (name: string, cn: string): TestKey => {
    const keyPath = join(dir, `${name}.key.pem`);
    const certPath = join(dir, `${name}.cert.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '30', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
    const certPem = readFileSync(certPath, 'utf8');
    const certificate = new X509Certificate(certPem);
    return { name, keyPath, certPath, certPem, privateKey: createPrivateKey(readFileSync(keyPath)), certificate, certificateDer: certificate.raw };
  };
  const idpKey = makeKey('idp', 'mfa.contoso.test token signing');
  const entraKey = makeKey('entra', 'Live ID STS Signing Public Key');
  const entraNextKey = makeKey('entra-next', 'Live ID STS Signing Public Key');
  const attackerKey = makeKey('attacker', 'Live ID STS Signing Public Key');
  const clock = fixedClock(clockStart);
  const store = await openSqliteStore({ path: join(dir, 'db.sqlite'), clock, logger: createNullLogger() });
  const deps = (overrides: Partial<SamlIdpDeps> = {}): SamlIdpDeps => ({
    messageIds: store.messageIds,
    clock,
    random: createSystemRandom(),
    signingKey: async () => ({ id: 'key-1', privateKey: idpKey.privateKey, certificateDer: idpKey.certificateDer }),
    entraCertificates: [entraNextKey.certificate, entraKey.certificate],
    requireSignedRequests: false,
    signResponse: false,
    ssoUrls: [SSO_URL],
    sloUrls: [SLO_URL],
    ...overrides,
  });
  return {
    dir, idpKey, entraKey, entraNextKey, attackerKey, store, clock, deps,
    idp: (overrides) => createSamlIdp(deps(overrides)),
    file: (name, text) => {
      counter += 1;
      const path = join(dir, `${counter}-${name}`);
      writeFileSync(path, text);
      return path;
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AuthnRequestOptions {
  id?: string;
  issueInstant?: number | string;
  issuer?: string;
  destination?: string;
  extraAttributes?: string;
  /** Children after the Issuer (default: the persistent NameIDPolicy). */
  body?: string;
}

/** Entra's AuthnRequest (reference §1.3), unsigned unless signed afterwards. */
export function authnRequestXml(o: AuthnRequestOptions = {}): string {
  const instant = typeof o.issueInstant === 'string' ? o.issueInstant : new Date(o.issueInstant ?? Date.now()).toISOString();
  const destination = o.destination === undefined ? '' : ` Destination="${o.destination}"`;
  return `<samlp:AuthnRequest ID="${o.id ?? freshId()}" Version="2.0" IssueInstant="${instant}"${destination}${o.extraAttributes ?? ''} xmlns:samlp="${NS_SAMLP}">`
    + `<Issuer xmlns="${NS_SAML}">${o.issuer ?? 'urn:federation:MicrosoftOnline'}</Issuer>`
    + (o.body ?? `<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"/>`)
    + '</samlp:AuthnRequest>';
}

/** A LogoutRequest as an SP sends it (saml-core §3.7.1). */
export function logoutRequestXml(o: AuthnRequestOptions & { nameId?: string; sessionIndex?: string } = {}): string {
  const instant = typeof o.issueInstant === 'string' ? o.issueInstant : new Date(o.issueInstant ?? Date.now()).toISOString();
  const destination = o.destination === undefined ? '' : ` Destination="${o.destination}"`;
  return `<samlp:LogoutRequest xmlns:samlp="${NS_SAMLP}" ID="${o.id ?? freshId()}" Version="2.0" IssueInstant="${instant}"${destination}${o.extraAttributes ?? ''}>`
    + `<Issuer xmlns="${NS_SAML}">${o.issuer ?? 'urn:federation:MicrosoftOnline'}</Issuer>`
    + (o.body ?? `<NameID xmlns="${NS_SAML}" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.nameId ?? 'AbCdEf0123456789=='}</NameID>`
      + (o.sessionIndex === undefined ? '' : `<samlp:SessionIndex>${o.sessionIndex}</samlp:SessionIndex>`))
    + '</samlp:LogoutRequest>';
}

export function freshId(): string {
  return `_${randomUUID()}`;
}

/** The signature template Entra's signed requests follow (reference §1.3): rsa-sha1, sha1, exc-c14n, KeyInfo = X509SKI + KeyName. */
export function entraSignatureTemplate(id: string, o: { signatureMethod?: string; digestMethod?: string; keyInfo?: string } = {}): string {
  return `<Signature xmlns="${NS_DS}"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`
    + `<SignatureMethod Algorithm="${o.signatureMethod ?? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'}"/>`
    + `<Reference URI="#${id}"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`
    + `<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms>`
    + `<DigestMethod Algorithm="${o.digestMethod ?? 'http://www.w3.org/2000/09/xmldsig#sha1'}"/><DigestValue/></Reference></SignedInfo><SignatureValue/>`
    + (o.keyInfo ?? `<KeyInfo><ds:X509Data xmlns:ds="${NS_DS}"><ds:X509SKI/></ds:X509Data><ds:KeyName xmlns:ds="${NS_DS}">MicrosoftOnline</ds:KeyName></KeyInfo>`)
    + '</Signature>';
}

/** Inserts the signature template right after the root's Issuer. */
export function withSignatureTemplate(xml: string, id: string, o: Parameters<typeof entraSignatureTemplate>[1] = {}): string {
  return xml.replace('</Issuer>', `</Issuer>${entraSignatureTemplate(id, o)}`);
}

/** Signs a template document with xmlsec1 (the independent signer), IDs on the given `ns:Local` elements. */
export function xmlsecSign(kit: SamlKit, template: string, key: TestKey, idNodes: readonly string[]): string {
  const input = kit.file('template.xml', template);
  const output = join(kit.dir, `signed-${++counter}.xml`);
  const ids = idNodes.flatMap((n) => ['--id-attr:ID', n]);
  execFileSync(XMLSEC1, ['--sign', '--privkey-pem', `${key.keyPath},${key.certPath}`, ...ids, '--output', output, input], { stdio: 'pipe' });
  return readFileSync(output, 'utf8');
}

/** Runs `xmlsec1 --verify` on `xml`; returns its exit status and output. */
export function xmlsecVerify(kit: SamlKit, xml: string, certPath: string, args: readonly string[]): { ok: boolean; output: string } {
  const path = kit.file('verify.xml', xml);
  const r = spawnSync(XMLSEC1, ['--verify', ...args, '--pubkey-cert-pem', certPath, path], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export function postInput(xml: string, relayState?: string): SamlRequestInput {
  return { binding: 'post', SAMLRequest: Buffer.from(xml, 'utf8').toString('base64'), RelayState: relayState };
}

/** HTTP-Redirect: raw DEFLATE + base64, optionally with a query signature made by `key` (node:crypto, not our code). */
export function redirectInput(xml: string, o: { relayState?: string; key?: KeyObject; sigAlg?: 'rsa-sha1' | 'rsa-sha256' } = {}): SamlRequestInput {
  const samlRequest = deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
  const parts = [`SAMLRequest=${encodeURIComponent(samlRequest)}`];
  if (o.relayState !== undefined) parts.push(`RelayState=${encodeURIComponent(o.relayState)}`);
  const input: SamlRequestInput = { binding: 'redirect', SAMLRequest: samlRequest, RelayState: o.relayState };
  if (o.key !== undefined) {
    const sigAlg = o.sigAlg === 'rsa-sha256' ? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' : 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
    parts.push(`SigAlg=${encodeURIComponent(sigAlg)}`);
    const signature = signQuery(parts.join('&'), o.key, o.sigAlg === 'rsa-sha256' ? 'sha256' : 'sha1');
    parts.push(`Signature=${encodeURIComponent(signature)}`);
    input.SigAlg = sigAlg;
    input.Signature = signature;
  }
  input.rawQuery = parts.join('&');
  return input;
}

/** An RSA PKCS#1 v1.5 signature of `octets`, base64 (node:crypto: independent of the code under test, which only verifies). */
export function signQuery(octets: string, key: KeyObject, hash: 'sha1' | 'sha256'): string {
  return sign(hash, Buffer.from(octets, 'utf8'), key).toString('base64');
}

/** Decodes the SAMLResponse field of a POST form. */
export function samlResponseXml(fields: Record<string, string>): string {
  return Buffer.from(fields.SAMLResponse ?? '', 'base64').toString('utf8');
}

export const AUTHN_REQUEST_ID_ATTR = 'urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest';

/** An AuthnRequest signed the way Entra signs it, by xmlsec1 from a template (reference §1.3). */
export function entraSignedRequest(kit: SamlKit, o: {
  id?: string; key?: TestKey; body?: string; signatureMethod?: string; digestMethod?: string; keyInfo?: string; destination?: string; extraAttributes?: string;
} = {}): { xml: string; id: string } {
  const id = o.id ?? freshId();
  const unsigned = authnRequestXml({ id, issueInstant: kit.clock.now(), destination: o.destination ?? SSO_URL, body: o.body, extraAttributes: o.extraAttributes });
  const template = withSignatureTemplate(unsigned, id, { signatureMethod: o.signatureMethod, digestMethod: o.digestMethod, keyInfo: o.keyInfo });
  return { xml: xmlsecSign(kit, template, o.key ?? kit.entraKey, [AUTHN_REQUEST_ID_ATTR]), id };
}

export function withoutDeclaration(xml: string): string {
  return xml.replace(/^<\?xml[^>]*\?>\s*/, '');
}

/** Expects a refusal with `code`, a detail matching `detail`, HTTP 400, no stack in the message, within a second. */
export async function expectRefused(run: () => Promise<unknown>, code: string, detail: RegExp): Promise<MfaError> {
  const start = performance.now();
  const err = await run().then(() => null, (e: unknown) => e);
  expect(performance.now() - start).toBeLessThan(1000);
  expect(err).toBeInstanceOf(MfaError);
  const e = err as MfaError;
  expect({ code: e.code, detail: e.data.detail }).toEqual({ code, detail: expect.stringMatching(detail) });
  expect(e.status).toBe(400);
  expect(e.message).not.toMatch(/\n\s+at /);
  return e;
}
