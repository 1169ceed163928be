// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import { SAML } from '@node-saml/node-saml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SamlRequestInput } from '../../../../agent/federation/saml/saml-idp.js';
import {
  NS_SAML, SLO_URL, SSO_URL, authnRequestXml, expectRefused, freshId, logoutRequestXml, openSamlKit, postInput, redirectInput, withSignatureTemplate, xmlsecSign, type SamlKit,
} from './saml-test-kit.js';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

let kit: SamlKit;
beforeAll(async () => {
  kit = await openSamlKit();
});
afterAll(async () => {
  await kit.close();
});

/** A request Entra signed (rsa-sha1, X509SKI), by xmlsec1. */
function entraSigned(xml: string, id: string, rootName: string): string {
  return xmlsecSign(kit, withSignatureTemplate(xml, id), kit.entraKey, [`urn:oasis:names:tc:SAML:2.0:protocol:${rootName}`]).replace(/^<\?xml[^>]*\?>\s*/, '');
}

describe('readLogoutRequest', () => {
  test("accepts Entra's LogoutRequest by HTTP-Redirect", async () => {
    const id = freshId();
    const xml = logoutRequestXml({ id, issueInstant: kit.clock.now(), destination: SLO_URL, nameId: 'AbC+/=', sessionIndex: '_sess-9' });
    const r = await kit.idp().readLogoutRequest(redirectInput(xml, { relayState: 'bye' }));
    expect(r).toEqual({ id, issuer: 'urn:federation:MicrosoftOnline', nameId: 'AbC+/=', sessionIndex: '_sess-9', signed: false, relayState: 'bye' });
  });

  test('accepts one without SessionIndex, by HTTP-POST, with a future NotOnOrAfter', async () => {
    const notOnOrAfter = new Date(kit.clock.now() + 60_000).toISOString();
    const r = await kit.idp().readLogoutRequest(postInput(logoutRequestXml({ issueInstant: kit.clock.now(), extraAttributes: ` NotOnOrAfter="${notOnOrAfter}"` })));
    expect([r.sessionIndex, r.relayState, r.nameId]).toEqual([null, null, 'AbCdEf0123456789==']);
  });

  test('accepts a LogoutRequest made and query-signed by @node-saml/node-saml as the SP (rsa-sha1), when signatures are required', async () => {
    const sp = new SAML({
      issuer: 'urn:federation:MicrosoftOnline', callbackUrl: 'https://login.microsoftonline.com/login.srf', entryPoint: SSO_URL, logoutUrl: SLO_URL,
      idpCert: kit.idpKey.certPem, privateKey: readFileSync(kit.entraKey.keyPath, 'utf8'), signatureAlgorithm: 'sha1',
    });
    const url = new URL(await sp.getLogoutUrlAsync({ issuer: 'x', nameID: 'ImmUtAbLe==', nameIDFormat: PERSISTENT, sessionIndex: '_s7' }, 'relay/state', {}));
    const q = url.searchParams;
    const input: SamlRequestInput = {
      binding: 'redirect', SAMLRequest: q.get('SAMLRequest'), RelayState: q.get('RelayState') ?? undefined, SigAlg: q.get('SigAlg') ?? undefined,
      Signature: q.get('Signature') ?? undefined, rawQuery: url.search.slice(1),
    };
    const r = await kit.idp({ requireSignedRequests: true }).readLogoutRequest(input);
    expect([r.nameId, r.sessionIndex, r.relayState, r.signed]).toEqual(['ImmUtAbLe==', '_s7', 'relay/state', true]);
    await expectRefused(() => kit.idp({ requireSignedRequests: true }).readLogoutRequest(input), 'ERR_SAML_REQUEST', /replayed/);
  });

  test('accepts an Entra-signed LogoutRequest by HTTP-POST', async () => {
    const id = freshId();
    const xml = entraSigned(logoutRequestXml({ id, issueInstant: kit.clock.now(), destination: SLO_URL, sessionIndex: 's' }), id, 'LogoutRequest');
    const r = await kit.idp({ requireSignedRequests: true }).readLogoutRequest(postInput(xml));
    expect([r.id, r.signed, r.sessionIndex]).toEqual([id, true, 's']);
  });

  describe('samlify #634: the signed element must be the LogoutRequest itself', () => {
    test('a captured Entra-signed AuthnRequest inside a forged LogoutRequest', async () => {
      const captureId = freshId();
      const captured = entraSigned(authnRequestXml({ id: captureId, issueInstant: kit.clock.now(), destination: SSO_URL }), captureId, 'AuthnRequest');
      const forged = logoutRequestXml({
        issueInstant: kit.clock.now(),
        body: `<NameID xmlns="${NS_SAML}">victim</NameID><samlp:Extensions>${captured}</samlp:Extensions>`,
      });
      await expectRefused(() => kit.idp().readLogoutRequest(postInput(forged)), 'ERR_SIGNATURE', /not a child of the request element/);
      await expectRefused(() => kit.idp().readLogoutRequest(redirectInput(forged)), 'ERR_SIGNATURE', /must not carry an XML signature/);
    });

    test('its signature hoisted onto the forged LogoutRequest, still referencing the captured request', async () => {
      const captureId = freshId();
      const captured = entraSigned(authnRequestXml({ id: captureId, issueInstant: kit.clock.now(), destination: SSO_URL }), captureId, 'AuthnRequest');
      const signature = /<Signature xmlns=.*<\/Signature>/s.exec(captured)?.[0] ?? '';
      const forged = logoutRequestXml({
        issueInstant: kit.clock.now(),
        body: `<NameID xmlns="${NS_SAML}">victim</NameID><samlp:Extensions>${captured.replace(signature, '')}</samlp:Extensions>`,
      }).replace('</Issuer>', `</Issuer>${signature}`);
      await expectRefused(() => kit.idp().readLogoutRequest(postInput(forged)), 'ERR_SIGNATURE', /Reference URI is not "#" \+ the ID of the request element/);
    });

    test('the forged LogoutRequest reusing the captured ID', async () => {
      const captureId = freshId();
      const captured = entraSigned(authnRequestXml({ id: captureId, issueInstant: kit.clock.now(), destination: SSO_URL }), captureId, 'AuthnRequest');
      const signature = /<Signature xmlns=.*<\/Signature>/s.exec(captured)?.[0] ?? '';
      const forged = logoutRequestXml({
        id: captureId, issueInstant: kit.clock.now(),
        body: `<NameID xmlns="${NS_SAML}">victim</NameID><samlp:Extensions>${captured.replace(signature, '')}</samlp:Extensions>`,
      }).replace('</Issuer>', `</Issuer>${signature}`);
      await expectRefused(() => kit.idp().readLogoutRequest(postInput(forged)), 'ERR_SIGNATURE', /does not verify/);
    });
  });

  test.each([
    ['no NameID', () => logoutRequestXml({ issueInstant: kit.clock.now(), body: '' }), /exactly one non-empty saml:NameID/],
    ['two NameIDs', () => logoutRequestXml({ issueInstant: kit.clock.now(), body: `<NameID xmlns="${NS_SAML}">a</NameID><NameID xmlns="${NS_SAML}">b</NameID>` }), /exactly one/],
    ['an EncryptedID', () => logoutRequestXml({ issueInstant: kit.clock.now(), body: `<EncryptedID xmlns="${NS_SAML}"/>` }), /saml:NameID/],
    ['two SessionIndexes', () => logoutRequestXml({ issueInstant: kit.clock.now(), sessionIndex: 'a</samlp:SessionIndex><samlp:SessionIndex>b' }), /more than one SessionIndex/],
    ['an expired NotOnOrAfter', () => logoutRequestXml({ issueInstant: kit.clock.now(), extraAttributes: ` NotOnOrAfter="${new Date(kit.clock.now() - 6 * 60_000).toISOString()}"` }), /expired/],
    ['a malformed NotOnOrAfter', () => logoutRequestXml({ issueInstant: kit.clock.now(), extraAttributes: ' NotOnOrAfter="tomorrow"' }), /NotOnOrAfter must be a UTC time/],
    ['our SSO URL as Destination', () => logoutRequestXml({ issueInstant: kit.clock.now(), destination: SSO_URL }), /Destination .* is not this server's endpoint/],
    ['a wrong Issuer', () => logoutRequestXml({ issueInstant: kit.clock.now(), issuer: 'https://evil.example' }), /not Entra ID/],
    ['an AuthnRequest at the SLO endpoint', () => authnRequestXml({ issueInstant: kit.clock.now() }), /expected a samlp:LogoutRequest/],
  ])('refuses %s', async (_name, xml, detail) => {
    await expectRefused(() => kit.idp().readLogoutRequest(redirectInput(xml())), 'ERR_SAML_REQUEST', detail);
  });

  test('refuses a replayed ID and an unsigned request when signatures are required', async () => {
    const xml = logoutRequestXml({ issueInstant: kit.clock.now() });
    await kit.idp().readLogoutRequest(redirectInput(xml));
    await expectRefused(() => kit.idp().readLogoutRequest(redirectInput(xml)), 'ERR_SAML_REQUEST', /replayed/);
    await expectRefused(() => kit.idp({ requireSignedRequests: true }).readLogoutRequest(redirectInput(logoutRequestXml({ issueInstant: kit.clock.now() }))), 'ERR_SIGNATURE', /LogoutRequest is not signed/);
  });

  test('refuses a query signature by a key that is not pinned', async () => {
    const input = redirectInput(logoutRequestXml({ issueInstant: kit.clock.now() }), { key: kit.attackerKey.privateKey, sigAlg: 'rsa-sha256' });
    await expectRefused(() => kit.idp().readLogoutRequest(input), 'ERR_SIGNATURE', /query signature does not verify/);
  });
});
