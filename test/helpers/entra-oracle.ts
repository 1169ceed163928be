// SPDX-License-Identifier: UNLICENSED
/**
 * The test plays Entra ID: it writes AuthnRequests as Entra sends them (reference §1.3) and checks our
 * tokens with independent verifiers: `@node-saml/node-saml` configured as Entra is, and `xmlsec1`
 * (Debian) against the published certificate with only X.509 key data enabled. Claims are read with
 * @xmldom/xmldom, not with our own XML code.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { SAML, type Profile } from '@node-saml/node-saml';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { Store } from '../../agent/store/store.js';

export const ENTRA_ENTITY = 'urn:federation:MicrosoftOnline';
export const LOGIN_SRF = 'https://login.microsoftonline.com/login.srf';
export const MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';
export const PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
export const INSIDE_CORPNET = 'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork';
export const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML2 = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAML11 = 'urn:oasis:names:tc:SAML:1.0:assertion';

/** xmlsec1 `--id-attr` for each token kind. */
export const SAML2_ASSERTION_ID = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion'];
export const SAML11_ASSERTION_ID = ['--id-attr:AssertionID', 'urn:oasis:names:tc:SAML:1.0:assertion:Assertion'];

export interface AuthnRequestOptions {
  id?: string;
  issueInstant: number;
  issuer?: string;
  /** Extra attributes on the root, e.g. ` ForceAuthn="true"`. */
  attributes?: string;
  /** Replaces the children after Issuer (default: Entra's persistent NameIDPolicy). */
  body?: string;
  /** Text before the root element (a DOCTYPE, a processing instruction). */
  prolog?: string;
}

/** Entra's unsigned AuthnRequest: no Destination, no ACS, no ProtocolBinding (reference §1.3). */
export function entraAuthnRequest(o: AuthnRequestOptions): string {
  return `${o.prolog ?? ''}<samlp:AuthnRequest ID="${o.id ?? `_${randomUUID()}`}" Version="2.0" IssueInstant="${new Date(o.issueInstant).toISOString()}"${o.attributes ?? ''} xmlns:samlp="${SAMLP}">`
    + `<Issuer xmlns="${SAML2}">${o.issuer ?? ENTRA_ENTITY}</Issuer>`
    + (o.body ?? '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"/>')
    + '</samlp:AuthnRequest>';
}

/** HTTP-POST binding value: base64 of the XML. */
export const postEncode = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

/** HTTP-Redirect binding query (raw DEFLATE, base64, URL-encoded). */
export function redirectQuery(xml: string | Buffer, relayState?: string): string {
  const deflated = deflateRawSync(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');
  return `SAMLRequest=${encodeURIComponent(deflated)}${relayState === undefined ? '' : `&RelayState=${encodeURIComponent(relayState)}`}`;
}

/** PEM of the appliance's current token-signing certificate (what metadata publishes). */
export async function signingCertificatePem(store: Store): Promise<string> {
  const current = (await store.signingKeys.list()).find((k) => k.state === 'current');
  if (!current) throw new Error('no current signing key');
  return current.certificate;
}

/** `@node-saml/node-saml` as Entra: our assertion must be signed, audience and recipient login.srf checked. */
export async function validateAsEntra(samlResponse: string, idpCert: string): Promise<Profile> {
  const saml = new SAML({
    issuer: ENTRA_ENTITY, callbackUrl: LOGIN_SRF, idpCert, audience: ENTRA_ENTITY, wantAssertionsSigned: true, wantAuthnResponseSigned: false,
  });
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (profile === null) throw new Error('node-saml returned no profile');
  return profile;
}

/** `xmlsec1 --verify --enabled-key-data x509` of the document's first signature against `certPem`. */
export function xmlsecVerify(xml: string, certPem: string, idAttr: readonly string[]): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-xmlsec-'));
  try {
    writeFileSync(join(dir, 'doc.xml'), xml);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    const r = spawnSync('xmlsec1', ['--verify', '--enabled-key-data', 'x509', '--pubkey-cert-pem', join(dir, 'cert.pem'), ...idAttr, join(dir, 'doc.xml')], { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined) throw r.error;
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = (root: Element, ns: string, name: string): Element => {
  const found = root.getElementsByTagNameNS(ns, name)[0];
  if (!found) throw new Error(`no ${name}`);
  return found;
};
const text = (root: Element, ns: string, name: string): string => one(root, ns, name).textContent ?? '';

/** Every claim of a SAML 2.0 Response, as Entra would read it. */
export interface SamlClaims {
  destination: string | null;
  inResponseTo: string | null;
  responseIssuer: string;
  status: string | null;
  assertionIssuer: string;
  nameId: string;
  nameIdFormat: string | null;
  recipient: string | null;
  confirmationInResponseTo: string | null;
  audience: string;
  authnInstant: string | null;
  sessionIndex: string | null;
  authnContext: string;
  attributes: Record<string, string[]>;
}

export function readSamlClaims(xml: string): SamlClaims {
  const doc = new DOMParser().parseFromString(xml, 'application/xml').documentElement;
  if (!doc) throw new Error('no document');
  const assertion = one(doc, SAML2, 'Assertion');
  const confirmation = one(assertion, SAML2, 'SubjectConfirmationData');
  const statement = one(assertion, SAML2, 'AuthnStatement');
  const attributes: Record<string, string[]> = {};
  for (const a of Array.from(assertion.getElementsByTagNameNS(SAML2, 'Attribute'))) {
    attributes[a.getAttribute('Name') ?? ''] = Array.from(a.getElementsByTagNameNS(SAML2, 'AttributeValue')).map((v) => v.textContent ?? '');
  }
  return {
    destination: doc.getAttribute('Destination'), inResponseTo: doc.getAttribute('InResponseTo'),
    responseIssuer: Array.from(doc.childNodes).filter((n): n is Element => (n as Element).localName === 'Issuer').map((n) => n.textContent ?? '')[0] ?? '',
    status: one(doc, SAMLP, 'StatusCode').getAttribute('Value'),
    assertionIssuer: text(assertion, SAML2, 'Issuer'), nameId: text(assertion, SAML2, 'NameID'), nameIdFormat: one(assertion, SAML2, 'NameID').getAttribute('Format'),
    recipient: confirmation.getAttribute('Recipient'), confirmationInResponseTo: confirmation.getAttribute('InResponseTo'),
    audience: text(assertion, SAML2, 'Audience'), authnInstant: statement.getAttribute('AuthnInstant'), sessionIndex: statement.getAttribute('SessionIndex'),
    authnContext: text(statement, SAML2, 'AuthnContextClassRef'), attributes,
  };
}

/** Every claim of a WS-Fed RSTR's SAML 1.1 assertion; attributes keyed by claim type (`namespace/name`). */
export interface WsfedClaims {
  appliesTo: string;
  issuer: string | null;
  assertionId: string | null;
  audience: string;
  authenticationMethod: string | null;
  authenticationInstant: string | null;
  attributes: Record<string, string[]>;
  assertionXml: string;
}

export function readWsfedClaims(wresult: string): WsfedClaims {
  const doc = new DOMParser().parseFromString(wresult, 'application/xml').documentElement;
  if (!doc) throw new Error('no document');
  const assertion = one(doc, SAML11, 'Assertion');
  const auth = one(assertion, SAML11, 'AuthenticationStatement');
  const attributes: Record<string, string[]> = {};
  for (const a of Array.from(assertion.getElementsByTagNameNS(SAML11, 'Attribute'))) {
    attributes[`${a.getAttribute('AttributeNamespace') ?? ''}/${a.getAttribute('AttributeName') ?? ''}`] = Array.from(a.getElementsByTagNameNS(SAML11, 'AttributeValue')).map((v) => v.textContent ?? '');
  }
  return {
    appliesTo: text(doc, 'http://www.w3.org/2005/08/addressing', 'Address'),
    issuer: assertion.getAttribute('Issuer'), assertionId: assertion.getAttribute('AssertionID'), audience: text(assertion, SAML11, 'Audience'),
    authenticationMethod: auth.getAttribute('AuthenticationMethod'), authenticationInstant: auth.getAttribute('AuthenticationInstant'), attributes,
    assertionXml: assertion.toString(),
  };
}
