// SPDX-License-Identifier: UNLICENSED
/**
 * The signature rules of `readSamlMessage` (shared by AuthnRequest and LogoutRequest), driven through
 * `readLoginRequest`; signed fixtures are made by xmlsec1 the way Entra signs (rsa-sha1, X509SKI).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SamlIdp, SamlRequestInput } from '../../../../agent/federation/saml/saml-idp.js';
import {
  AUTHN_REQUEST_ID_ATTR, OUR_ISSUER, SSO_URL, XMLSEC1, authnRequestXml, entraSignedRequest, expectRefused, freshId, openSamlKit, postInput, redirectInput,
  samlResponseXml, withSignatureTemplate, withoutDeclaration, xmlsecVerify, type SamlKit,
} from './saml-test-kit.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
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

describe('readSamlMessage: signatures (through readLoginRequest)', () => {
  test('an unsigned request when signed requests are required', async () => {
    await expectRefused(() => idp({ requireSignedRequests: true }).readLoginRequest(postInput(authnRequestXml({ issueInstant: kit.clock.now() }))), 'ERR_SIGNATURE', /not signed, and signed requests are required/);
    await expectRefused(() => idp({ requireSignedRequests: true }).readLoginRequest(redirectInput(authnRequestXml({ issueInstant: kit.clock.now() }))), 'ERR_SIGNATURE', /not signed/);
  });

  test('a signed request padded with thousands of elements is refused before any XPath walk', async () => {
    const { xml } = entraSignedRequest(kit);
    const padded = xml.replace('</samlp:AuthnRequest>', `<samlp:Extensions>${'<x a="1"/>'.repeat(6000)}</samlp:Extensions></samlp:AuthnRequest>`);
    await expectRefused(() => idp().readLoginRequest(postInput(padded)), 'ERR_SAML_REQUEST', /more than 200 elements/);
  });

  test('a signed request altered after signing', async () => {
    const { xml } = entraSignedRequest(kit);
    const altered = xml.replace(PERSISTENT, 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
    expect(altered).not.toBe(xml);
    await expectRefused(() => idp().readLoginRequest(postInput(altered)), 'ERR_SIGNATURE', /does not verify with any pinned Entra certificate/);
  });

  test('XSW: a signed request wrapped inside an unsigned one', async () => {
    const { xml } = entraSignedRequest(kit);
    const forged = authnRequestXml({ issueInstant: kit.clock.now(), body: `<samlp:Extensions>${withoutDeclaration(xml)}</samlp:Extensions><samlp:NameIDPolicy/>` });
    await expectRefused(() => idp().readLoginRequest(postInput(forged)), 'ERR_SIGNATURE', /not a child of the request element/);
  });

  test('XSW: the signature moved onto a forged root, still referencing the original (the signed element is not the root)', async () => {
    const { xml } = entraSignedRequest(kit);
    const inner = withoutDeclaration(xml);
    const signature = /<Signature xmlns=.*<\/Signature>/s.exec(inner)?.[0] ?? '';
    const forged = authnRequestXml({
      issueInstant: kit.clock.now(), destination: SSO_URL, extraAttributes: ' ForceAuthn="false"',
      body: `<samlp:Extensions>${inner.replace(signature, '')}</samlp:Extensions>`,
    }).replace('</Issuer>', `</Issuer>${signature}`);
    await expectRefused(() => idp().readLoginRequest(postInput(forged)), 'ERR_SIGNATURE', /Reference URI is not "#" \+ the ID of the request element/);
  });

  test('XSW: a forged root reusing the signed ID, with the signed original hidden inside', async () => {
    const { xml, id } = entraSignedRequest(kit);
    const inner = withoutDeclaration(xml);
    const signature = /<Signature xmlns=.*<\/Signature>/s.exec(inner)?.[0] ?? '';
    const forged = authnRequestXml({
      id, issueInstant: kit.clock.now(), destination: SSO_URL, extraAttributes: ' ForceAuthn="true"',
      body: `<samlp:Extensions>${inner.replace(signature, '')}</samlp:Extensions>`,
    }).replace('</Issuer>', `</Issuer>${signature}`);
    await expectRefused(() => idp().readLoginRequest(postInput(forged)), 'ERR_SIGNATURE', /does not verify/);
  });

  test('XSW: a signed Assertion embedded in a forged request, even when its signer is pinned', async () => {
    const request = await idp().readLoginRequest(postInput(authnRequestXml({ issueInstant: kit.clock.now() })));
    const response = await idp().buildLoginResponse({
      request, issuer: OUR_ISSUER, user: { upn: 'admin@contoso.com', immutableId: 'admin' }, authnInstant: kit.clock.now(), mfa: true, insideCorporateNetwork: true, sessionIndex: 's',
    });
    const assertion = /<Assertion .*<\/Assertion>/s.exec(samlResponseXml(response.fields))?.[0] ?? '';
    expect(assertion).toContain('ds:Signature');
    const forged = authnRequestXml({ issueInstant: kit.clock.now(), body: `<samlp:Extensions>${assertion}</samlp:Extensions>` });
    const pinned = idp({ entraCertificates: [kit.idpKey.certificate] });
    await expectRefused(() => pinned.readLoginRequest(postInput(forged)), 'ERR_SIGNATURE', /not a child of the request element/);
    const { xml } = entraSignedRequest(kit, { body: `<samlp:Extensions>${assertion}</samlp:Extensions>` });
    await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_SIGNATURE', /holds 2 signatures/);
  });

  test('a comment inside the signed request, although the signature still verifies (c14n drops comments)', async () => {
    const { xml } = entraSignedRequest(kit);
    const commented = xml.replace('urn:federation:MicrosoftOnline</Issuer>', 'urn:federation:<!-- x -->MicrosoftOnline</Issuer>');
    expect(xmlsecVerify(kit, commented, kit.entraKey.certPath, ['--enabled-key-data', 'x509', '--id-attr:ID', AUTHN_REQUEST_ID_ATTR]).ok).toBe(true);
    await expectRefused(() => idp().readLoginRequest(postInput(commented)), 'ERR_XML_FORBIDDEN', /must not contain XML comments/);
    const inSignature = xml.replace('<SignedInfo>', '<SignedInfo><!---->');
    await expectRefused(() => idp().readLoginRequest(postInput(inSignature)), 'ERR_XML_FORBIDDEN', /comments/);
  });

  test('a processing instruction inside the signed request', async () => {
    const { xml } = entraSignedRequest(kit);
    await expectRefused(() => idp().readLoginRequest(postInput(xml.replace('</Issuer>', '</Issuer><?x y?>'))), 'ERR_XML_FORBIDDEN', /processing instruction/);
  });

  test('an HMAC signature keyed with the pinned certificate (algorithm swap)', async () => {
    const id = freshId();
    const template = withSignatureTemplate(authnRequestXml({ id, issueInstant: kit.clock.now() }), id, {
      signatureMethod: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', keyInfo: '',
    });
    const input = kit.file('hmac.xml', template);
    const output = join(kit.dir, `hmac-signed-${id}.xml`);
    execFileSync(XMLSEC1, ['--sign', '--hmackey', kit.entraKey.certPath, '--id-attr:ID', AUTHN_REQUEST_ID_ATTR, '--output', output, input], { stdio: 'pipe' });
    const hmac = readFileSync(output, 'utf8');
    await expectRefused(() => idp().readLoginRequest(postInput(hmac)), 'ERR_SIGNATURE', /SignatureMethod algorithm "http:\/\/www.w3.org\/2000\/09\/xmldsig#hmac-sha1" is not accepted/);
  });

  test.each([
    ['rsa-sha512', { signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', digestMethod: SHA256 }, /SignatureMethod algorithm .*rsa-sha512" is not accepted/],
    ['a sha512 digest', { signatureMethod: RSA_SHA256, digestMethod: 'http://www.w3.org/2001/04/xmlenc#sha512' }, /DigestMethod algorithm .*sha512" is not accepted/],
  ])('an algorithm outside the allow-list: %s', async (_name, algorithms, detail) => {
    const { xml } = entraSignedRequest(kit, algorithms);
    await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_SIGNATURE', detail);
  });

  test('a request signed by a key that is not pinned, with its certificate in KeyInfo', async () => {
    const { xml } = entraSignedRequest(kit, { key: kit.attackerKey, keyInfo: '<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>', signatureMethod: RSA_SHA256, digestMethod: SHA256 });
    expect(xml).toContain(kit.attackerKey.certificateDer.toString('base64').slice(0, 60));
    await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_SIGNATURE', /does not verify with any pinned Entra certificate/);
  });

  test('a request signed by a key that is not pinned, with its X509SKI', async () => {
    const { xml } = entraSignedRequest(kit, { key: kit.attackerKey });
    await expectRefused(() => idp().readLoginRequest(postInput(xml)), 'ERR_SIGNATURE', /does not verify .*its X509SKI names none of them/);
  });

  test('a signed request when no Entra certificate is configured', async () => {
    const { xml } = entraSignedRequest(kit);
    await expectRefused(() => idp({ entraCertificates: [] }).readLoginRequest(postInput(xml)), 'ERR_SIGNATURE', /no Entra signing certificate is configured/);
  });

  test('a signature that does not directly follow the Issuer', async () => {
    const { xml } = entraSignedRequest(kit);
    const signature = /<Signature xmlns=.*<\/Signature>/s.exec(xml)?.[0] ?? '';
    const moved = xml.replace(signature, '').replace('</samlp:AuthnRequest>', `${signature}</samlp:AuthnRequest>`);
    await expectRefused(() => idp().readLoginRequest(postInput(moved)), 'ERR_SIGNATURE', /directly follow the Issuer/);
  });

  test('two References in SignedInfo', async () => {
    const { xml } = entraSignedRequest(kit);
    const reference = /<Reference .*<\/Reference>/s.exec(xml)?.[0] ?? '';
    await expectRefused(() => idp().readLoginRequest(postInput(xml.replace(reference, reference + reference))), 'ERR_SIGNATURE', /SignedInfo must contain CanonicalizationMethod, SignatureMethod, Reference/);
  });

  test('an XML signature inside an HTTP-Redirect request', async () => {
    const { xml } = entraSignedRequest(kit);
    await expectRefused(() => idp().readLoginRequest(redirectInput(xml)), 'ERR_SIGNATURE', /HTTP-Redirect request must not carry an XML signature/);
  });

  test('HTTP-Redirect: a query signature by a key that is not pinned', async () => {
    const input = redirectInput(authnRequestXml({ issueInstant: kit.clock.now() }), { key: kit.attackerKey.privateKey });
    await expectRefused(() => idp().readLoginRequest(input), 'ERR_SIGNATURE', /query signature does not verify/);
  });

  test('HTTP-Redirect: a RelayState changed after signing, in the query or only in the parsed values', async () => {
    const input = redirectInput(authnRequestXml({ issueInstant: kit.clock.now() }), { relayState: 'good', key: kit.entraKey.privateKey });
    const both = { ...input, RelayState: 'evil', rawQuery: input.rawQuery?.replace('RelayState=good', 'RelayState=evil') };
    await expectRefused(() => idp().readLoginRequest(both), 'ERR_SIGNATURE', /query signature does not verify/);
    await expectRefused(() => idp().readLoginRequest({ ...input, RelayState: 'evil' }), 'ERR_SIGNATURE', /RelayState parameter does not match the raw query string/);
  });

  test.each([
    ['an HMAC SigAlg', (i: SamlRequestInput) => ({ ...i, SigAlg: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', rawQuery: i.rawQuery?.replace(/SigAlg=[^&]*/, `SigAlg=${encodeURIComponent('http://www.w3.org/2000/09/xmldsig#hmac-sha1')}`) }), /SigAlg .*hmac-sha1" is not accepted/],
    ['no raw query', (i: SamlRequestInput) => ({ ...i, rawQuery: undefined }), /raw query string is needed/],
    ['a repeated SAMLRequest in the raw query', (i: SamlRequestInput) => ({ ...i, rawQuery: `${i.rawQuery}&SAMLRequest=x` }), /SAMLRequest parameter occurs more than once/],
    ['SigAlg without Signature', (i: SamlRequestInput) => ({ ...i, Signature: undefined, rawQuery: i.rawQuery?.replace(/&Signature=.*$/, '') }), /Signature parameter is not base64/],
  ])('HTTP-Redirect: %s', async (_name, change, detail) => {
    const input = redirectInput(authnRequestXml({ issueInstant: kit.clock.now() }), { key: kit.entraKey.privateKey });
    await expectRefused(() => idp().readLoginRequest(change(input)), 'ERR_SIGNATURE', detail);
  });
});
