// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWsfedIdp } from '../../../../agent/federation/wsfed/create-wsfed-idp.js';
import type { WsfedSigninInput, WsfedSigninResponse } from '../../../../agent/federation/wsfed/wsfed-idp.js';
import type { WsfedSigninRequest } from '../../../../agent/federation/wsfed/wsfed-request.js';
import { DSIG_NS } from '../../../../agent/federation/xml/xmldsig.js';
import { MfaError } from '../../../../agent/errors.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { childElements } from '../../../../agent/xml/child-elements.js';
import { elementText } from '../../../../agent/xml/element-text.js';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import type { XmlElement } from '../../../../agent/xml/xml-types.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import {
  assertionOf, makeSigningKey, SAML11_ASSERTION_ID, verifyWithXmlCrypto, verifyWithXmlsec, type TestSigningKey,
} from './wsfed-fixtures.js';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0, 250);
const ISSUER = 'https://idp.contoso.test/contoso.com';
const UPN = 'alice@contoso.com';
const IMMUTABLE_ID = 'bXlJbW11dGFibGVJZA==';
const WCTX = 'LoginOptions=3&estsredirect=2&estsrequest=rQIIAb<x>"\'\u00e9';
const SAML = 'urn:oasis:names:tc:SAML:1.0:assertion';
const WST = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
const MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';

let signer: TestSigningKey;
let forger: TestSigningKey;
beforeAll(async () => {
  [signer, forger] = await Promise.all([makeSigningKey('key-1', NOW), makeSigningKey('forged', NOW)]);
}, 60_000);

const clock = fixedClock(NOW);
function idpWith(k: () => TestSigningKey = () => signer) {
  return createWsfedIdp({ clock, random: createSystemRandom(), signingKey: async () => k().key });
}
function signinRequest(params: Record<string, unknown> = { wctx: WCTX }): WsfedSigninRequest {
  const r = idpWith().readRequest({ wa: 'wsignin1.0', wtrealm: 'urn:federation:MicrosoftOnline', ...params });
  if (r.action !== 'wsignin1.0') throw new Error('not a sign-in');
  return r;
}
function signin(over: Partial<WsfedSigninInput> = {}, k?: () => TestSigningKey): Promise<WsfedSigninResponse> {
  return idpWith(k).buildSigninResponse({
    request: signinRequest(), issuer: ISSUER, user: { upn: UPN, immutableId: IMMUTABLE_ID },
    authnInstant: NOW - 42_000, mfa: true, insideCorporateNetwork: false, ...over,
  });
}
const verifyBoth = (xml: string, certPem = signer.certPem) => ({
  xmlsec: verifyWithXmlsec(xml, certPem, SAML11_ASSERTION_ID).ok,
  xmlCrypto: verifyWithXmlCrypto(xml, certPem, 'AssertionID').ok,
});

function one(parent: XmlElement, ns: string, name: string): XmlElement {
  const found = childElements(parent, ns, name);
  expect(found, `${parent.localName}/${name}`).toHaveLength(1);
  return found[0] as XmlElement;
}
function attributes(statement: XmlElement): Map<string, { values: string[]; el: XmlElement }> {
  const out = new Map<string, { values: string[]; el: XmlElement }>();
  for (const a of childElements(statement, SAML, 'Attribute')) {
    const key = `${a.getAttribute('AttributeNamespace')}/${a.getAttribute('AttributeName')}`;
    expect(out.has(key), `attribute ${key} once`).toBe(false);
    out.set(key, { values: childElements(a, SAML, 'AttributeValue').map(elementText), el: a });
  }
  return out;
}
function bearerOnly(subject: XmlElement): void {
  expect(childElements(subject, SAML, 'NameIdentifier')).toHaveLength(0);
  const confirmation = one(subject, SAML, 'SubjectConfirmation');
  expect(childElements(confirmation, SAML, 'ConfirmationMethod').map(elementText)).toEqual(['urn:oasis:names:tc:SAML:1.0:cm:bearer']);
}

describe('createWsfedIdp().buildSigninResponse: signature', () => {
  it.each([
    { mfa: true, insideCorporateNetwork: true },
    { mfa: true, insideCorporateNetwork: false },
    { mfa: false, insideCorporateNetwork: true },
    { mfa: false, insideCorporateNetwork: false },
  ])('the RSTR assertion verifies with xmlsec1 and xml-crypto (%o)', async (flags) => {
    const response = await signin(flags);
    expect(verifyBoth(response.fields.wresult)).toEqual({ xmlsec: true, xmlCrypto: true });
    const checked = verifyWithXmlCrypto(response.fields.wresult, signer.certPem, 'AssertionID');
    expect(checked.signedReferences).toEqual([assertionOf(response.fields.wresult).replace(/<ds:Signature .*<\/ds:Signature>/, '')]);
    expect(response.signingKeyId).toBe('key-1');
  });

  it('publishes the signing certificate in KeyInfo and signs with RSA-SHA256 over exc-c14n', async () => {
    const { fields } = await signin();
    const doc = new DOMParser().parseFromString(fields.wresult, 'application/xml');
    const certText = doc.getElementsByTagNameNS(DSIG_NS, 'X509Certificate').item(0)?.textContent ?? '';
    expect(new X509Certificate(Buffer.from(certText, 'base64')).fingerprint256).toBe(new X509Certificate(signer.certPem).fingerprint256);
    const algorithms = ['CanonicalizationMethod', 'SignatureMethod', 'DigestMethod'].map((n) => doc.getElementsByTagNameNS(DSIG_NS, n).item(0)?.getAttribute('Algorithm'));
    expect(algorithms).toEqual([
      'http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2001/04/xmlenc#sha256',
    ]);
  });

  it('a token signed with another key (its own certificate in KeyInfo) is rejected by both verifiers', async () => {
    const forged = await signin({}, () => forger);
    expect(verifyBoth(forged.fields.wresult)).toEqual({ xmlsec: false, xmlCrypto: false });
    expect(verifyBoth(forged.fields.wresult, forger.certPem)).toEqual({ xmlsec: true, xmlCrypto: true });
  });

  it('a token signed with another key carried as KeyValue is rejected, and xmlsec1 needs --enabled-key-data x509 for that', async () => {
    const forged = (await signin({}, () => forger)).fields.wresult;
    const jwk = forger.key.privateKey.export({ format: 'jwk' });
    const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64url').toString('base64');
    const keyValue = `<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`;
    const withKeyValue = forged.replace(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, keyValue);
    expect(withKeyValue).not.toBe(forged);
    expect(verifyWithXmlsec(withKeyValue, signer.certPem, SAML11_ASSERTION_ID, false).ok).toBe(true);
    expect(verifyBoth(withKeyValue)).toEqual({ xmlsec: false, xmlCrypto: false });
  });

  it.each([
    ['the UPN', `>${UPN}<`, '>mallory@contoso.com<'],
    ['the ImmutableID', `>${IMMUTABLE_ID}<`, '>bWFsbG9yeQ==<'],
    ['insidecorporatenetwork', '>false<', '>true<'],
    ['the audience', '>urn:federation:MicrosoftOnline</saml:Audience>', '>urn:federation:Other</saml:Audience>'],
    ['NotOnOrAfter', 'NotOnOrAfter="2026-01-15T11:00:00.250Z"', 'NotOnOrAfter="2027-01-15T11:00:00.250Z"'],
  ])('a tampered value (%s) is rejected by both verifiers', async (_name, from, to) => {
    const { wresult } = (await signin()).fields;
    const assertion = assertionOf(wresult);
    expect(assertion).toContain(from);
    const tampered = wresult.replace(assertion, assertion.replace(from, to));
    expect(verifyBoth(tampered)).toEqual({ xmlsec: false, xmlCrypto: false });
  });
});

describe('createWsfedIdp().buildSigninResponse: canonical form', () => {
  const tricky = fc.string({
    unit: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\t', '\n', ' ', 'a', 'Z', '0', '@', '.', '\u00e9', '\u00df', '\u4e2d', '\u{1f600}', '\u00a0', ']]>'),
    minLength: 1,
    maxLength: 24,
  });
  const c14n = new ExclusiveCanonicalization();

  it('the assertion is its own exc-c14n form, alone and in the RSTR, and the RSTR is canonical too', async () => {
    await fc.assert(fc.asyncProperty(tricky, tricky, async (upn, immutableId) => {
      const { wresult } = (await signin({ user: { upn, immutableId } })).fields;
      const assertion = assertionOf(wresult);
      const alone = new DOMParser().parseFromString(assertion, 'application/xml').documentElement;
      const rstr = new DOMParser().parseFromString(wresult, 'application/xml');
      const inPlace = rstr.getElementsByTagNameNS(SAML, 'Assertion').item(0);
      if (alone === null || inPlace === null || rstr.documentElement === null) throw new Error('parse');
      expect(c14n.process(alone as never, {})).toBe(assertion);
      expect(c14n.process(inPlace as never, {})).toBe(assertion);
      expect(c14n.process(rstr.documentElement as never, {})).toBe(wresult);
      const values = Array.from({ length: 2 }, (_, i) => rstr.getElementsByTagNameNS(SAML, 'AttributeValue').item(i)?.textContent);
      expect(values).toEqual([upn, immutableId]);
      expect(verifyWithXmlCrypto(wresult, signer.certPem, 'AssertionID').ok).toBe(true);
    }), { numRuns: 60 });
  });

  it('each tricky value also verifies with xmlsec1', async () => {
    const upn = 'a&b<c>d"e\'f\r\tg\u00e9\u4e2d\u{1f600}@contoso.com';
    const { wresult } = (await signin({ user: { upn, immutableId: '<&>\r' } })).fields;
    expect(verifyBoth(wresult)).toEqual({ xmlsec: true, xmlCrypto: true });
  });
});

describe('createWsfedIdp().buildSigninResponse: claims', () => {
  it.each([
    { mfa: true, insideCorporateNetwork: true },
    { mfa: false, insideCorporateNetwork: false },
  ])('carries every claim Entra reads (%o)', async ({ mfa, insideCorporateNetwork }) => {
    const response = await signin({ mfa, insideCorporateNetwork });
    expect(response.url).toBe('https://login.microsoftonline.com/login.srf');
    expect(response.fields).toEqual({ wa: 'wsignin1.0', wresult: response.fields.wresult, wctx: WCTX });
    expect(response.assertionId).toMatch(/^_[0-9a-f]{32}$/);
    const method = mfa ? MULTIPLE_AUTHN : 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
    expect(response.authnMethod).toBe(method);

    const rstr = parseXml(response.fields.wresult, { maxBytes: 64 * 1024 }).documentElement as XmlElement;
    expect([rstr.namespaceURI, rstr.localName]).toEqual([WST, 'RequestSecurityTokenResponse']);
    const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
    const lifetime = one(rstr, WST, 'Lifetime');
    expect(elementText(one(lifetime, wsu, 'Created'))).toBe('2026-01-15T10:00:00.250Z');
    expect(elementText(one(lifetime, wsu, 'Expires'))).toBe('2026-01-15T11:00:00.250Z');
    const appliesTo = one(rstr, 'http://schemas.xmlsoap.org/ws/2004/09/policy', 'AppliesTo');
    const wsa = 'http://www.w3.org/2005/08/addressing';
    expect(elementText(one(one(appliesTo, wsa, 'EndpointReference'), wsa, 'Address'))).toBe('urn:federation:MicrosoftOnline');
    expect(elementText(one(rstr, WST, 'TokenType'))).toBe('urn:oasis:names:tc:SAML:1.0:assertion');
    expect(elementText(one(rstr, WST, 'RequestType'))).toBe('http://schemas.xmlsoap.org/ws/2005/02/trust/Issue');
    expect(elementText(one(rstr, WST, 'KeyType'))).toBe('http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey');

    const assertion = one(one(rstr, WST, 'RequestedSecurityToken'), SAML, 'Assertion');
    expect(['MajorVersion', 'MinorVersion', 'AssertionID', 'Issuer', 'IssueInstant'].map((a) => assertion.getAttribute(a)))
      .toEqual(['1', '1', response.assertionId, ISSUER, '2026-01-15T10:00:00.250Z']);
    const conditions = one(assertion, SAML, 'Conditions');
    expect([conditions.getAttribute('NotBefore'), conditions.getAttribute('NotOnOrAfter')]).toEqual(['2026-01-15T10:00:00.250Z', '2026-01-15T11:00:00.250Z']);
    expect(elementText(one(one(conditions, SAML, 'AudienceRestrictionCondition'), SAML, 'Audience'))).toBe('urn:federation:MicrosoftOnline');

    const statement = one(assertion, SAML, 'AttributeStatement');
    bearerOnly(one(statement, SAML, 'Subject'));
    const attrs = attributes(statement);
    expect([...attrs.keys()]).toEqual([
      'http://schemas.xmlsoap.org/claims/UPN',
      'http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID',
      ...(mfa ? ['http://schemas.microsoft.com/claims/authnmethodsreferences'] : []),
      'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork',
    ]);
    expect(attrs.get('http://schemas.xmlsoap.org/claims/UPN')?.values).toEqual([UPN]);
    expect(attrs.get('http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID')?.values).toEqual([IMMUTABLE_ID]);
    if (mfa) expect(attrs.get('http://schemas.microsoft.com/claims/authnmethodsreferences')?.values).toEqual([MULTIPLE_AUTHN]);
    const corpnet = attrs.get('http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork');
    expect(corpnet?.values).toEqual([String(insideCorporateNetwork)]);
    expect(corpnet?.el.getAttributeNS('http://schemas.xmlsoap.org/ws/2009/09/identity/claims', 'OriginalIssuer')).toBe('CLIENT CONTEXT');

    const authn = one(assertion, SAML, 'AuthenticationStatement');
    expect(authn.getAttribute('AuthenticationMethod')).toBe(method);
    expect(authn.getAttribute('AuthenticationInstant')).toBe('2026-01-15T09:59:18.250Z');
    bearerOnly(one(authn, SAML, 'Subject'));
    const children = childElements(assertion, SAML, 'Conditions').length + 2;
    const last = assertion.lastChild as XmlElement;
    expect([last.namespaceURI, last.localName, assertion.childNodes.length]).toEqual([DSIG_NS, 'Signature', children + 1]);
    expect(one(last, DSIG_NS, 'SignedInfo').getElementsByTagNameNS(DSIG_NS, 'Reference').item(0)?.getAttribute('URI')).toBe(`#${response.assertionId}`);
  });

  it('echoes wctx verbatim, leaves it out when the request had none, and gives each assertion a new ID', async () => {
    const withEmpty = await signin({ request: signinRequest({ wctx: '' }) });
    expect(withEmpty.fields.wctx).toBe('');
    const without = await signin({ request: signinRequest({}) });
    expect(Object.keys(without.fields).sort()).toEqual(['wa', 'wresult']);
    expect(without.assertionId).not.toBe(withEmpty.assertionId);
  });

  it('refuses an empty issuer, UPN or ImmutableID with ERR_INVALID_INPUT', async () => {
    for (const [over, field] of [
      [{ issuer: '' }, 'issuer'],
      [{ user: { upn: '', immutableId: IMMUTABLE_ID } }, 'upn'],
      [{ user: { upn: UPN, immutableId: '' } }, 'immutableId'],
    ] as const) {
      const err = await signin(over).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MfaError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_INPUT', data: { field } });
    }
  });

  it('refuses a UPN holding a character XML cannot carry instead of emitting an unparsable token', async () => {
    await expect(signin({ user: { upn: 'a\u0001b@contoso.com', immutableId: IMMUTABLE_ID } })).rejects.toThrow(RangeError);
  });
});
