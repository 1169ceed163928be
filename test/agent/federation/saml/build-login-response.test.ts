// SPDX-License-Identifier: UNLICENSED
import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import fc from 'fast-check';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import type { SamlLoginRequest } from '../../../../agent/federation/saml/saml-idp.js';
import { childElements } from '../../../../agent/xml/child-elements.js';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import type { XmlElement } from '../../../../agent/xml/xml-types.js';
import {
  NS_DS, OUR_ISSUER, NS_SAML, NS_SAMLP, authnRequestXml, openSamlKit, postInput, samlResponseXml, xmlsecSign, xmlsecVerify, type SamlKit,
} from './saml-test-kit.js';

const ASSERTION_ID_ATTR = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion'];
const RESPONSE_ID_ATTR = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:Response'];
const X509_ONLY = ['--enabled-key-data', 'x509'];
const MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';
const PPT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const INSIDE = 'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork';
const USER = { upn: 'alice@contoso.com', immutableId: 'Zm9vYmFyLWJhei1xdXV4LTAxMjM0NTY3+/w==' };

let kit: SamlKit;
beforeAll(async () => {
  kit = await openSamlKit();
});
afterAll(async () => {
  await kit.close();
});

async function acceptedRequest(relayState?: string): Promise<SamlLoginRequest> {
  return kit.idp().readLoginRequest(postInput(authnRequestXml({ issueInstant: kit.clock.now() }), relayState));
}

function parse(xml: string): XmlElement {
  return parseXml(xml, { maxBytes: 1 << 20 }).documentElement as XmlElement;
}

function only(parent: XmlElement, ns: string, name: string): XmlElement {
  const found = childElements(parent, ns, name);
  expect(found).toHaveLength(1);
  return found[0] as XmlElement;
}

function entraLikeSp(cacheProvider?: CacheProvider): SAML {
  return new SAML({
    issuer: 'urn:federation:MicrosoftOnline',
    callbackUrl: 'https://login.microsoftonline.com/login.srf',
    idpCert: kit.idpKey.certPem,
    audience: 'urn:federation:MicrosoftOnline',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    acceptedClockSkewMs: 5000,
    validateInResponseTo: cacheProvider === undefined ? ValidateInResponseTo.never : ValidateInResponseTo.always,
    ...(cacheProvider === undefined ? {} : { cacheProvider }),
  });
}

function mapCache(): CacheProvider & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    saveAsync: async (key, value) => {
      map.set(key, value);
      return { value, createdAt: Date.now() };
    },
    getAsync: async (key) => map.get(key) ?? null,
    removeAsync: async (key) => {
      const v = key === null ? null : (map.get(key) ?? null);
      if (key !== null) map.delete(key);
      return v;
    },
  };
}

describe('buildLoginResponse', () => {
  test('emits the shape of reference §1.4 with every claim Entra reads', async () => {
    const request = await acceptedRequest('rs-123');
    const authnInstant = kit.clock.now() - 30_000;
    const out = await kit.idp().buildLoginResponse({
      request, issuer: OUR_ISSUER, user: USER, authnInstant, mfa: true, insideCorporateNetwork: true, sessionIndex: '_sess1',
    });
    expect(out.url).toBe('https://login.microsoftonline.com/login.srf');
    expect(Object.keys(out.fields).sort()).toEqual(['RelayState', 'SAMLResponse']);
    expect(out.fields.RelayState).toBe('rs-123');
    expect(out.signingKeyId).toBe('key-1');
    expect(out.authnContext).toBe(MULTIPLE_AUTHN);
    expect(out.responseId).toMatch(/^_[0-9a-f]{32}$/);
    expect(out.assertionId).toMatch(/^_[0-9a-f]{32}$/);
    expect(out.assertionId).not.toBe(out.responseId);

    const now = new Date(kit.clock.now()).toISOString();
    const response = parse(samlResponseXml(out.fields));
    expect([response.namespaceURI, response.localName]).toEqual([NS_SAMLP, 'Response']);
    expect(response.getAttribute('ID')).toBe(out.responseId);
    expect(response.getAttribute('InResponseTo')).toBe(request.id);
    expect(response.getAttribute('Destination')).toBe('https://login.microsoftonline.com/login.srf');
    expect(response.getAttribute('Consent')).toBe('urn:oasis:names:tc:SAML:2.0:consent:unspecified');
    expect(response.getAttribute('IssueInstant')).toBe(now);
    expect(response.getAttribute('Version')).toBe('2.0');
    expect(only(response, NS_SAML, 'Issuer').textContent).toBe(OUR_ISSUER);
    expect(childElements(response, NS_DS, 'Signature')).toHaveLength(0);
    expect(only(only(response, NS_SAMLP, 'Status'), NS_SAMLP, 'StatusCode').getAttribute('Value')).toBe('urn:oasis:names:tc:SAML:2.0:status:Success');

    const assertion = only(response, NS_SAML, 'Assertion');
    expect(assertion.getAttribute('ID')).toBe(out.assertionId);
    const names = [];
    for (let n = assertion.firstChild; n !== null; n = n.nextSibling) names.push((n as XmlElement).localName);
    expect(names).toEqual(['Issuer', 'Signature', 'Subject', 'Conditions', 'AttributeStatement', 'AuthnStatement']);
    const subject = only(assertion, NS_SAML, 'Subject');
    const nameId = only(subject, NS_SAML, 'NameID');
    expect(nameId.textContent).toBe(USER.immutableId);
    expect(nameId.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    const confirmation = only(subject, NS_SAML, 'SubjectConfirmation');
    expect(confirmation.getAttribute('Method')).toBe('urn:oasis:names:tc:SAML:2.0:cm:bearer');
    const data = only(confirmation, NS_SAML, 'SubjectConfirmationData');
    expect(data.getAttribute('InResponseTo')).toBe(request.id);
    expect(data.getAttribute('Recipient')).toBe('https://login.microsoftonline.com/login.srf');
    expect(data.getAttribute('NotOnOrAfter')).toBe(new Date(kit.clock.now() + 300_000).toISOString());
    const conditions = only(assertion, NS_SAML, 'Conditions');
    expect(conditions.getAttribute('NotBefore')).toBe(new Date(kit.clock.now() - 1000).toISOString());
    expect(conditions.getAttribute('NotOnOrAfter')).toBe(new Date(kit.clock.now() + 3_600_000).toISOString());
    expect(only(only(conditions, NS_SAML, 'AudienceRestriction'), NS_SAML, 'Audience').textContent).toBe('urn:federation:MicrosoftOnline');
    const attributes = childElements(only(assertion, NS_SAML, 'AttributeStatement'), NS_SAML, 'Attribute')
      .map((a) => [a.getAttribute('Name'), a.getAttribute('NameFormat'), childElements(a, NS_SAML, 'AttributeValue').map((v) => v.textContent)]);
    expect(attributes).toEqual([['IDPEmail', null, [USER.upn]], [INSIDE, null, ['true']]]);
    const authn = only(assertion, NS_SAML, 'AuthnStatement');
    expect(authn.getAttribute('AuthnInstant')).toBe(new Date(authnInstant).toISOString());
    expect(authn.getAttribute('SessionIndex')).toBe('_sess1');
    expect(only(only(authn, NS_SAML, 'AuthnContext'), NS_SAML, 'AuthnContextClassRef').textContent).toBe(MULTIPLE_AUTHN);
  });

  test('without MFA the class is PasswordProtectedTransport, outside the network the claim is false, no RelayState field', async () => {
    const out = await kit.idp().buildLoginResponse({
      request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: false, insideCorporateNetwork: false, sessionIndex: 's',
    });
    expect(out.authnContext).toBe(PPT);
    expect(Object.keys(out.fields)).toEqual(['SAMLResponse']);
    const xml = samlResponseXml(out.fields);
    expect(xml).toContain(`<AuthnContextClassRef>${PPT}</AuthnContextClassRef>`);
    expect(xml).toContain(`<Attribute Name="${INSIDE}"><AttributeValue>false</AttributeValue></Attribute>`);
  });

  test('signs with RSA-SHA256 and SHA-256 only; the certificate in KeyInfo is the signing key\'s', async () => {
    const out = await kit.idp({ signResponse: true }).buildLoginResponse({
      request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: false, sessionIndex: 's',
    });
    const xml = samlResponseXml(out.fields);
    const algorithms = [...xml.matchAll(/Algorithm="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(algorithms)).toEqual(new Set([
      'http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/04/xmlenc#sha256',
    ]));
    const certs = [...xml.matchAll(/<ds:X509Certificate>([^<]+)</g)].map((m) => m[1]);
    expect(certs).toEqual([kit.idpKey.certificateDer.toString('base64'), kit.idpKey.certificateDer.toString('base64')]);
  });

  describe('xmlsec1', () => {
    test('verifies the signed Assertion against the published certificate', async () => {
      const out = await kit.idp().buildLoginResponse({
        request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: 's',
      });
      const r = xmlsecVerify(kit, samlResponseXml(out.fields), kit.idpKey.certPath, [...X509_ONLY, ...ASSERTION_ID_ATTR]);
      expect(r.output).toContain('OK');
      expect(r.ok).toBe(true);
      expect(xmlsecVerify(kit, samlResponseXml(out.fields), kit.attackerKey.certPath, [...X509_ONLY, ...ASSERTION_ID_ATTR]).ok).toBe(false);
    });

    test('verifies both signatures when the Response is signed too', async () => {
      const out = await kit.idp({ signResponse: true }).buildLoginResponse({
        request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: 's',
      });
      const xml = samlResponseXml(out.fields);
      const ids = [...X509_ONLY, ...RESPONSE_ID_ATTR, ...ASSERTION_ID_ATTR];
      const responseSig = xmlsecVerify(kit, xml, kit.idpKey.certPath, [...ids, '--node-xpath', "/*[local-name()='Response']/*[local-name()='Signature']"]);
      expect(responseSig.ok, responseSig.output).toBe(true);
      const assertionSig = xmlsecVerify(kit, xml, kit.idpKey.certPath, [...ids, '--node-xpath', "//*[local-name()='Assertion']/*[local-name()='Signature']"]);
      expect(assertionSig.ok, assertionSig.output).toBe(true);
      const tampered = xml.replace('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success">', '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">');
      expect(tampered).not.toBe(xml);
      expect(xmlsecVerify(kit, tampered, kit.idpKey.certPath, [...ids, '--node-xpath', "/*[local-name()='Response']/*[local-name()='Signature']"]).ok).toBe(false);
    });

    test('refuses an assertion re-signed with another key carrying a KeyValue, thanks to --enabled-key-data x509', async () => {
      const out = await kit.idp().buildLoginResponse({
        request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: 's',
      });
      const forgedTemplate = samlResponseXml(out.fields)
        .replace(USER.immutableId, 'someone-else')
        .replace(/<ds:Signature .*<\/ds:Signature>/, (sig) => sig
          .replace(/<ds:DigestValue>[^<]*</, '<ds:DigestValue><')
          .replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue><')
          .replace(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, '<ds:KeyInfo><ds:KeyValue></ds:KeyValue></ds:KeyInfo>'));
      const forged = xmlsecSign(kit, forgedTemplate, kit.attackerKey, ['urn:oasis:names:tc:SAML:2.0:assertion:Assertion']);
      expect(forged).toContain('<ds:RSAKeyValue>');
      // The pitfall the flag guards against: without it xmlsec1 takes the key from the document.
      expect(xmlsecVerify(kit, forged, kit.idpKey.certPath, ASSERTION_ID_ATTR).ok).toBe(true);
      const r = xmlsecVerify(kit, forged, kit.idpKey.certPath, [...X509_ONLY, ...ASSERTION_ID_ATTR]);
      expect(r.ok, r.output).toBe(false);
    });
  });

  describe('@node-saml/node-saml configured as Entra', () => {
    test('accepts the response and reads NameID, IDPEmail, insidecorporatenetwork and the AuthnContextClassRef', async () => {
      const request = await acceptedRequest();
      const out = await kit.idp().buildLoginResponse({
        request, issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: '_s1',
      });
      const { profile, loggedOut } = await entraLikeSp().validatePostResponseAsync({ SAMLResponse: out.fields.SAMLResponse ?? '' });
      expect(loggedOut).toBe(false);
      expect(profile?.nameID).toBe(USER.immutableId);
      expect(profile?.nameIDFormat).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
      expect(profile?.issuer).toBe(OUR_ISSUER);
      expect(profile?.sessionIndex).toBe('_s1');
      expect(profile?.IDPEmail).toBe(USER.upn);
      expect(profile?.[INSIDE]).toBe('true');
      expect(profile?.getAssertionXml?.()).toContain(`<AuthnContextClassRef>${MULTIPLE_AUTHN}</AuthnContextClassRef>`);
    });

    test('accepts a doubly signed response, and checks InResponseTo against the request it remembers', async () => {
      const request = await acceptedRequest();
      const out = await kit.idp({ signResponse: true }).buildLoginResponse({
        request, issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: false, insideCorporateNetwork: false, sessionIndex: '_s2',
      });
      const cache = mapCache();
      await cache.saveAsync(request.id, new Date().toISOString());
      const { profile } = await entraLikeSp(cache).validatePostResponseAsync({ SAMLResponse: out.fields.SAMLResponse ?? '' });
      expect(profile?.inResponseTo).toBe(request.id);
      expect(profile?.[INSIDE]).toBe('false');
      expect(profile?.getAssertionXml?.()).toContain(`<AuthnContextClassRef>${PPT}</AuthnContextClassRef>`);
      await expect(entraLikeSp(mapCache()).validatePostResponseAsync({ SAMLResponse: out.fields.SAMLResponse ?? '' })).rejects.toThrow(/InResponseTo/);
    });

    test('rejects a response whose NameID was altered after signing', async () => {
      const out = await kit.idp().buildLoginResponse({
        request: await acceptedRequest(), issuer: OUR_ISSUER, user: USER, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: 's',
      });
      const altered = Buffer.from(samlResponseXml(out.fields).replace(USER.immutableId, 'eve'), 'utf8').toString('base64');
      await expect(entraLikeSp().validatePostResponseAsync({ SAMLResponse: altered })).rejects.toThrow();
    });
  });

  test('has exactly one canonical form: xml-crypto\'s exc-c14n of the parsed output is the output, byte for byte', async () => {
    const request = await acceptedRequest();
    const idp = kit.idp({ signResponse: true });
    const unit = fc.oneof(
      fc.constantFrom('&', '<', '>', '"', '\'', '\r', '\t', '\n', ' ', ']]>', 'é', 'ß', '中', '😀', '\u00a0', '&amp;', '&#xD;'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    const text = (max: number) => fc.string({ unit, minLength: 1, maxLength: max }).filter((s) => [...s].length <= 64);
    await fc.assert(fc.asyncProperty(text(20), text(20), text(20), async (upn, immutableId, sessionIndex) => {
      const out = await idp.buildLoginResponse({
        request, issuer: OUR_ISSUER, user: { upn, immutableId }, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex,
      });
      const xml = samlResponseXml(out.fields);
      const root = parse(xml);
      const c14n = new ExclusiveCanonicalization();
      expect(c14n.process(root as never, {})).toBe(xml);
      const assertion = only(root, NS_SAML, 'Assertion');
      const start = xml.indexOf('<Assertion ');
      expect(c14n.process(assertion as never, {})).toBe(xml.slice(start, xml.indexOf('</Assertion>') + '</Assertion>'.length));
      expect(only(only(assertion, NS_SAML, 'Subject'), NS_SAML, 'NameID').textContent).toBe(immutableId);
      const email = childElements(only(assertion, NS_SAML, 'AttributeStatement'), NS_SAML, 'Attribute')[0] as XmlElement;
      expect(only(email, NS_SAML, 'AttributeValue').textContent).toBe(upn);
      expect(only(assertion, NS_SAML, 'AuthnStatement').getAttribute('SessionIndex')).toBe(sessionIndex);
    }), { numRuns: 60 });
  });

  test.each([
    ['an ImmutableID over 64 characters', { upn: 'a@contoso.com', immutableId: 'x'.repeat(65) }, /1 to 64 characters; it has 65/],
    ['an empty ImmutableID', { upn: 'a@contoso.com', immutableId: '' }, /1 to 64 characters; it has 0/],
    ['an empty UPN', { upn: '', immutableId: 'abc' }, /UPN/],
    ['a character XML cannot carry', { upn: 'a\u0000@contoso.com', immutableId: 'abc' }, /cannot carry/],
  ])('refuses %s with ERR_INVALID_INPUT', async (_name, user, detail) => {
    const request = await acceptedRequest();
    const err = await kit.idp().buildLoginResponse({
      request, issuer: OUR_ISSUER, user, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: false, sessionIndex: 's',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfaError);
    expect((err as MfaError).code).toBe('ERR_INVALID_INPUT');
    expect(String((err as MfaError).data.detail)).toMatch(detail);
  });

  test('accepts an ImmutableID of exactly 64 characters, counting code points', async () => {
    const immutableId = '😀'.repeat(64);
    const out = await kit.idp().buildLoginResponse({
      request: await acceptedRequest(), issuer: OUR_ISSUER, user: { upn: 'a@b.c', immutableId }, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: false, sessionIndex: 's',
    });
    expect(samlResponseXml(out.fields)).toContain(`>${immutableId}</NameID>`);
  });
});
