// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { SAML } from '@node-saml/node-saml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SamlIdp, SamlRequestInput } from '../../../../agent/federation/saml/saml-idp.js';
import {
  NS_SAMLP, SSO_URL, authnRequestXml, entraSignedRequest, expectRefused, freshId, openSamlKit, postInput, redirectInput, signQuery, type SamlKit,
} from './saml-test-kit.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

let kit: SamlKit;
beforeAll(async () => {
  kit = await openSamlKit();
});
afterAll(async () => {
  await kit.close();
});

function idp(overrides: Parameters<SamlKit['idp']>[0] = {}): SamlIdp {
  return kit.idp(overrides);
}

describe('readLoginRequest', () => {
  describe('accepts', () => {
    test("Entra's unsigned AuthnRequest by HTTP-POST, defaulting the ACS to login.srf", async () => {
      const id = freshId();
      const instant = kit.clock.now() - 2000;
      const r = await idp().readLoginRequest(postInput(authnRequestXml({ id, issueInstant: instant }), 'ctx=1&x'));
      expect(r).toEqual({
        id, issuer: 'urn:federation:MicrosoftOnline', issueInstant: instant, acsUrl: 'https://login.microsoftonline.com/login.srf',
        forceAuthn: false, isPassive: false, requestedAuthnContexts: [], signed: false, relayState: 'ctx=1&x',
      });
    });

    test('the same by HTTP-Redirect (raw DEFLATE), with an XML declaration', async () => {
      const id = freshId();
      const r = await idp().readLoginRequest(redirectInput(`<?xml version="1.0" encoding="UTF-8"?>\n${authnRequestXml({ id, issueInstant: kit.clock.now() })}`, { relayState: 'rs' }));
      expect([r.id, r.signed, r.relayState]).toEqual([id, false, 'rs']);
    });

    test('explicit login.srf ACS, HTTP-POST binding, index 0, ForceAuthn, IsPassive, RequestedAuthnContext, base64 with line breaks', async () => {
      const xml = authnRequestXml({
        issueInstant: kit.clock.now(),
        destination: SSO_URL,
        extraAttributes: ' AssertionConsumerServiceURL="https://login.microsoftonline.com/login.srf" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ForceAuthn="true" IsPassive="1"',
        body: `<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" AllowCreate="true"/><samlp:RequestedAuthnContext Comparison="exact"><AuthnContextClassRef xmlns="urn:oasis:names:tc:SAML:2.0:assertion">http://schemas.microsoft.com/claims/multipleauthn</AuthnContextClassRef></samlp:RequestedAuthnContext>`,
      });
      const wrapped = Buffer.from(xml).toString('base64').replace(/(.{76})/g, '$1\r\n');
      const r = await idp().readLoginRequest({ binding: 'post', SAMLRequest: wrapped });
      expect([r.forceAuthn, r.isPassive, r.requestedAuthnContexts]).toEqual([true, true, ['http://schemas.microsoft.com/claims/multipleauthn']]);
    });

    test('an Entra-signed request (rsa-sha1, sha1, KeyInfo = X509SKI + KeyName, signed by xmlsec1) when signatures are required', async () => {
      const { xml, id } = entraSignedRequest(kit);
      expect(xml).toMatch(/<ds:X509SKI>[A-Za-z0-9+/=\s]+<\/ds:X509SKI>/);
      expect(xml).not.toContain('X509Certificate');
      const r = await idp({ requireSignedRequests: true }).readLoginRequest(postInput(xml, 'rs'));
      expect([r.id, r.signed, r.relayState]).toEqual([id, true, 'rs']);
    });

    test('rsa-sha256 with a sha256 digest, and a signature by the other pinned certificate named by no SKI', async () => {
      const sha256 = entraSignedRequest(kit, { signatureMethod: RSA_SHA256, digestMethod: SHA256 });
      expect((await idp({ requireSignedRequests: true }).readLoginRequest(postInput(sha256.xml))).signed).toBe(true);
      const next = entraSignedRequest(kit, { key: kit.entraNextKey, keyInfo: '<KeyInfo><KeyName>MicrosoftOnline</KeyName></KeyInfo>' });
      expect((await idp({ requireSignedRequests: true }).readLoginRequest(postInput(next.xml))).signed).toBe(true);
    });

    test.each([['rsa-sha1'], ['rsa-sha256']] as const)('an HTTP-Redirect query signature (%s) over the parameters as they were encoded', async (sigAlg) => {
      const id = freshId();
      const input = redirectInput(authnRequestXml({ id, issueInstant: kit.clock.now() }), { relayState: 'a b+c/é', key: kit.entraKey.privateKey, sigAlg });
      const r = await idp({ requireSignedRequests: true }).readLoginRequest(input);
      expect([r.id, r.signed, r.relayState]).toEqual([id, true, 'a b+c/é']);
    });

    test('AuthnRequests made and signed by @node-saml/node-saml as an SP (HTTP-POST enveloped, HTTP-Redirect query; rsa-sha1)', async () => {
      const sp = new SAML({
        issuer: 'urn:federation:MicrosoftOnline', callbackUrl: 'https://login.microsoftonline.com/login.srf', entryPoint: SSO_URL,
        idpCert: kit.idpKey.certPem, privateKey: readFileSync(kit.entraKey.keyPath, 'utf8'), signatureAlgorithm: 'sha1', digestAlgorithm: 'sha1',
        identifierFormat: PERSISTENT, authnRequestBinding: 'HTTP-POST', skipRequestCompression: true, // the POST binding is not deflated
      });
      const form = await sp.getAuthorizeFormAsync('relay-1');
      const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(form)?.[1] ?? '';
      const posted = await idp({ requireSignedRequests: true }).readLoginRequest({ binding: 'post', SAMLRequest: samlRequest, RelayState: 'relay-1' });
      expect([posted.signed, posted.relayState, posted.requestedAuthnContexts]).toEqual([true, 'relay-1', ['urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport']]);
      const url = new URL(await new SAML({ ...sp.options, authnRequestBinding: 'HTTP-Redirect', skipRequestCompression: false }).getAuthorizeUrlAsync('relay-2', undefined, {}));
      const q = url.searchParams;
      const redirected = await idp({ requireSignedRequests: true }).readLoginRequest({
        binding: 'redirect', SAMLRequest: q.get('SAMLRequest'), RelayState: q.get('RelayState') ?? undefined, SigAlg: q.get('SigAlg') ?? undefined,
        Signature: q.get('Signature') ?? undefined, rawQuery: url.search.slice(1),
      });
      expect([redirected.signed, redirected.relayState]).toEqual([true, 'relay-2']);
    });

    test('a query signature over lower-case percent-encoding is checked over those bytes, not re-encoded ones', async () => {
      const samlRequest = deflateRawSync(Buffer.from(authnRequestXml({ issueInstant: kit.clock.now() }))).toString('base64');
      const lower = (s: string): string => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
      const signedPart = `SAMLRequest=${lower(samlRequest)}&RelayState=${lower('x/y')}&SigAlg=${lower(RSA_SHA1)}`;
      expect(signedPart).toMatch(/%2f/);
      const signature = signQuery(signedPart, kit.entraKey.privateKey, 'sha1');
      const input: SamlRequestInput = {
        binding: 'redirect', SAMLRequest: samlRequest, RelayState: 'x/y', SigAlg: RSA_SHA1, Signature: signature,
        rawQuery: `${signedPart}&Signature=${encodeURIComponent(signature)}`,
      };
      expect((await idp({ requireSignedRequests: true }).readLoginRequest(input)).signed).toBe(true);
    });
  });

  describe('refuses malformed input with a clear 400', () => {
    test.each([
      ['a missing SAMLRequest', { binding: 'post', SAMLRequest: undefined }, 'ERR_SAML_REQUEST', /missing/],
      ['a repeated SAMLRequest', { binding: 'post', SAMLRequest: ['a', 'b'] }, 'ERR_SAML_REQUEST', /more than once/],
      ['malformed base64', { binding: 'post', SAMLRequest: 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+*' }, 'ERR_SAML_REQUEST', /not base64/],
      ['base64 without padding', { binding: 'post', SAMLRequest: 'PGEvPg' }, 'ERR_SAML_REQUEST', /not base64/],
      ['text that is not XML', { binding: 'post', SAMLRequest: Buffer.from('hello, world').toString('base64') }, 'ERR_XML_MALFORMED', /malformed XML/],
      ['bytes that are not UTF-8', { binding: 'post', SAMLRequest: Buffer.from([0x3c, 0x61, 0xff, 0x2f, 0x3e]).toString('base64') }, 'ERR_XML_MALFORMED', /not UTF-8/],
      ['an oversized parameter', { binding: 'post', SAMLRequest: 'A'.repeat(200_000) }, 'ERR_SAML_REQUEST', /longer than 98304 characters/],
      ['an oversized document', { binding: 'post', SAMLRequest: Buffer.from(`<a>${' '.repeat(70_000)}</a>`).toString('base64') }, 'ERR_SAML_REQUEST', /larger than 65536 bytes/],
      ['a Redirect request that is not DEFLATE', { binding: 'redirect', SAMLRequest: Buffer.from('<a/>').toString('base64') }, 'ERR_SAML_REQUEST', /raw DEFLATE/],
      ['a repeated RelayState', { binding: 'post', SAMLRequest: 'PGEvPg==', RelayState: ['a', 'b'] }, 'ERR_SAML_REQUEST', /RelayState was given more than once/],
      ['a RelayState over 1024 bytes', { binding: 'post', SAMLRequest: 'PGEvPg==', RelayState: 'é'.repeat(513) }, 'ERR_SAML_REQUEST', /RelayState is longer than 1024 bytes/],
    ] as const)('%s', async (_name, input, code, detail) => {
      await expectRefused(() => idp().readLoginRequest(input as SamlRequestInput), code, detail);
    });

    test('a deflate bomb (8 MiB of zeros) fails fast at the 64 KiB inflation bound', async () => {
      const bomb = deflateRawSync(Buffer.alloc(8 * 1024 * 1024)).toString('base64');
      expect(bomb.length).toBeLessThan(20_000);
      await expectRefused(() => idp().readLoginRequest({ binding: 'redirect', SAMLRequest: bomb }), 'ERR_SAML_REQUEST', /inflates to more than 65536 bytes/);
    });

    test.each([
      ['a DOCTYPE with an entity', `<!DOCTYPE r [<!ENTITY x "y">]>${authnRequestXml()}`, 'ERR_XML_FORBIDDEN', /DOCTYPE/],
      ['an external entity', `<?xml version="1.0"?><!DOCTYPE samlp:AuthnRequest SYSTEM "file:///etc/passwd">${authnRequestXml()}`, 'ERR_XML_FORBIDDEN', /DOCTYPE/],
      ['a processing instruction', authnRequestXml().replace('</Issuer>', '</Issuer><?evil x?>'), 'ERR_XML_FORBIDDEN', /processing instruction/],
      ['a second root element', `${authnRequestXml()}${authnRequestXml()}`, 'ERR_XML_MALFORMED', /malformed XML at line 1, column \d+: .*Only one element/],
      ['a LogoutRequest at the SSO endpoint', authnRequestXml().replace(/AuthnRequest/g, 'LogoutRequest'), 'ERR_SAML_REQUEST', /expected a samlp:AuthnRequest/],
      ['an AuthnRequest in another namespace', authnRequestXml().replace(NS_SAMLP, 'urn:oasis:names:tc:SAML:1.0:protocol'), 'ERR_SAML_REQUEST', /SAML 2.0 protocol namespace/],
    ])('%s', async (_name, xml, code, detail) => {
      await expectRefused(() => idp().readLoginRequest(postInput(xml)), code, detail);
    });
  });

  describe('refuses requests that break a rule', () => {
    const now = (): number => kit.clock.now();
    test.each([
      ['a wrong Issuer', () => authnRequestXml({ issueInstant: now(), issuer: 'urn:federation:Evil' }), /Issuer "urn:federation:Evil" is not Entra ID/],
      ['no Issuer', () => authnRequestXml({ issueInstant: now() }).replace(/<Issuer.*<\/Issuer>/, ''), /exactly one saml:Issuer/],
      ['an Issuer after other children', () => authnRequestXml({ issueInstant: now(), body: `<samlp:NameIDPolicy/><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">urn:federation:MicrosoftOnline</Issuer>` }).replace(/<Issuer xmlns[^>]*>urn:federation:MicrosoftOnline<\/Issuer>/, ''), /exactly one saml:Issuer/],
      ['an Issuer with a user Format', () => authnRequestXml({ issueInstant: now() }).replace('<Issuer ', `<Issuer Format="${PERSISTENT}" `), /Issuer Format/],
      ['an ACS other than login.srf', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' AssertionConsumerServiceURL="https://evil.example/acs"' }), /AssertionConsumerServiceURL "https:\/\/evil.example\/acs" is not https:\/\/login.microsoftonline.com\/login.srf/],
      ['an ACS on http', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' AssertionConsumerServiceURL="http://login.microsoftonline.com/login.srf"' }), /AssertionConsumerServiceURL/],
      ['an ACS index other than 0', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' AssertionConsumerServiceIndex="2"' }), /AssertionConsumerServiceIndex/],
      ['the Artifact binding', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"' }), /ProtocolBinding .* is not HTTP-POST/],
      ['the PAOS binding', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:PAOS"' }), /ProtocolBinding/],
      ['an email NameIDPolicy', () => authnRequestXml({ issueInstant: now(), body: '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"/>' }), /NameIDPolicy Format/],
      ['two NameIDPolicies', () => authnRequestXml({ issueInstant: now(), body: '<samlp:NameIDPolicy/><samlp:NameIDPolicy/>' }), /more than one NameIDPolicy/],
      ['Version 1.1', () => authnRequestXml({ issueInstant: now() }).replace('Version="2.0"', 'Version="1.1"'), /Version must be "2.0"/],
      ['no ID', () => authnRequestXml({ issueInstant: now() }).replace(/ ID="[^"]*"/, ''), /ID must be an XML name/],
      ['an ID that is not an NCName', () => authnRequestXml({ issueInstant: now(), id: '1-starts-with-a-digit' }), /ID must be an XML name/],
      ['an ID over 256 characters', () => authnRequestXml({ issueInstant: now(), id: `_${'a'.repeat(256)}` }), /ID must be an XML name/],
      ['an IssueInstant 6 minutes old', () => authnRequestXml({ issueInstant: now() - 6 * 60_000 }), /more than 5 minutes away/],
      ['an IssueInstant 6 minutes ahead', () => authnRequestXml({ issueInstant: now() + 6 * 60_000 }), /more than 5 minutes away/],
      ['an IssueInstant without a zone', () => authnRequestXml({ issueInstant: new Date(now()).toISOString().replace('Z', '') }), /IssueInstant must be a UTC time/],
      ['an IssueInstant with an offset', () => authnRequestXml({ issueInstant: new Date(now()).toISOString().replace('Z', '+00:00') }), /IssueInstant must be a UTC time/],
      ['a Destination that is not ours', () => authnRequestXml({ issueInstant: now(), destination: 'https://other.example/sso' }), /Destination "https:\/\/other.example\/sso" is not this server's endpoint/],
      ['a ForceAuthn that is not a boolean', () => authnRequestXml({ issueInstant: now(), extraAttributes: ' ForceAuthn="yes"' }), /ForceAuthn must be true or false/],
    ])('%s', async (_name, xml, detail) => {
      await expectRefused(() => idp().readLoginRequest(postInput(xml())), 'ERR_SAML_REQUEST', detail);
    });

    test('mixed content in the Issuer', async () => {
      const xml = authnRequestXml({ issueInstant: kit.clock.now(), issuer: 'urn:federation:<b/>MicrosoftOnline' });
      await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_XML_MALFORMED', /<Issuer> must contain text only/);
    });

    test('a wrong Issuer is named in data.issuer', async () => {
      const e = await expectRefused(() => idp().readLoginRequest(postInput(authnRequestXml({ issueInstant: kit.clock.now(), issuer: 'https://evil.example' }))), 'ERR_SAML_REQUEST', /not Entra ID/);
      expect(e.data.issuer).toBe('https://evil.example');
    });

    test('a replayed ID, also through another IdP instance on the same store, until the IssueInstant check takes over', async () => {
      const start = kit.clock.now();
      const xml = authnRequestXml({ issueInstant: start });
      await idp().readLoginRequest(postInput(xml));
      const e = await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_SAML_REQUEST', /already used \(replayed\)/);
      expect(e.data.issuer).toBe('urn:federation:MicrosoftOnline');
      kit.clock.set(start + 5 * 60_000);
      await expectRefused(() => kit.idp().readLoginRequest(redirectInput(xml)), 'ERR_SAML_REQUEST', /replayed/);
      kit.clock.set(start + 5 * 60_000 + 1);
      await expectRefused(() => kit.idp().readLoginRequest(redirectInput(xml)), 'ERR_SAML_REQUEST', /IssueInstant .* is more than 5 minutes away/);
      kit.clock.set(start);
    });

    test('a refused request does not burn its ID', async () => {
      const id = freshId();
      const instant = kit.clock.now();
      await expectRefused(() => idp().readLoginRequest(postInput(authnRequestXml({ id, issueInstant: instant, destination: 'https://x.example/' }))), 'ERR_SAML_REQUEST', /Destination/);
      expect((await idp().readLoginRequest(postInput(authnRequestXml({ id, issueInstant: instant })))).id).toBe(id);
    });
  });

});
