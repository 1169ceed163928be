// SPDX-License-Identifier: UNLICENSED
import { ExclusiveCanonicalization } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { childElements } from '../../../../agent/xml/child-elements.js';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import type { XmlElement } from '../../../../agent/xml/xml-types.js';
import { NS_DS, OUR_ISSUER, SLO_URL, SSO_URL, openSamlKit, xmlsecVerify, type SamlKit } from './saml-test-kit.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

let kit: SamlKit;
beforeAll(async () => {
  kit = await openSamlKit();
});
afterAll(async () => {
  await kit.close();
});

describe('buildIdpMetadata (SamlIdp.metadata)', () => {
  test('is a signed IdP EntityDescriptor with one signing KeyDescriptor per certificate, verified by xmlsec1', async () => {
    const certificates = [kit.idpKey.certificateDer, kit.entraNextKey.certificateDer];
    const xml = await kit.idp({ requireSignedRequests: true }).metadata({ issuer: OUR_ISSUER, ssoUrl: SSO_URL, sloUrl: SLO_URL, certificates });
    const root = parseXml(xml, { maxBytes: 1 << 20 }).documentElement as XmlElement;
    expect([root.namespaceURI, root.localName, root.getAttribute('entityID')]).toEqual([MD, 'EntityDescriptor', OUR_ISSUER]);
    expect(childElements(root, NS_DS, 'Signature')).toHaveLength(1);
    const idp = childElements(root, MD, 'IDPSSODescriptor')[0] as XmlElement;
    expect(idp.getAttribute('protocolSupportEnumeration')).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
    expect(idp.getAttribute('WantAuthnRequestsSigned')).toBe('true');
    const keys = childElements(idp, MD, 'KeyDescriptor');
    expect(keys.map((k) => k.getAttribute('use'))).toEqual(['signing', 'signing']);
    expect(keys.map((k) => k.getElementsByTagNameNS(NS_DS, 'X509Certificate').item(0)?.textContent)).toEqual(certificates.map((c) => c.toString('base64')));
    const endpoints = (name: string): Array<[string | null, string | null]> => childElements(idp, MD, name).map((e) => [e.getAttribute('Binding'), e.getAttribute('Location')]);
    expect(endpoints('SingleSignOnService')).toEqual([[POST, SSO_URL], [REDIRECT, SSO_URL]]);
    expect(endpoints('SingleLogoutService')).toEqual([[REDIRECT, SLO_URL], [POST, SLO_URL]]);
    expect(childElements(idp, MD, 'NameIDFormat').map((n) => n.textContent)).toEqual(['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent']);
    const order: Array<string | null> = [];
    for (let n = idp.firstChild; n !== null; n = n.nextSibling) order.push((n as XmlElement).localName);
    expect(order).toEqual(['KeyDescriptor', 'KeyDescriptor', 'SingleLogoutService', 'SingleLogoutService', 'NameIDFormat', 'SingleSignOnService', 'SingleSignOnService']);
    expect(new ExclusiveCanonicalization().process(root as never, {})).toBe(xml);

    const args = ['--enabled-key-data', 'x509', '--id-attr:ID', `${MD}:EntityDescriptor`];
    const ok = xmlsecVerify(kit, xml, kit.idpKey.certPath, args);
    expect(ok.ok, ok.output).toBe(true);
    expect(xmlsecVerify(kit, xml.replace(SSO_URL, 'https://evil.example/sso'), kit.idpKey.certPath, args).ok).toBe(false);
    expect(xmlsecVerify(kit, xml, kit.attackerKey.certPath, args).ok).toBe(false);
  });

  test('says WantAuthnRequestsSigned="false" when signed requests are not required', async () => {
    const xml = await kit.idp().metadata({ issuer: OUR_ISSUER, ssoUrl: SSO_URL, sloUrl: SLO_URL, certificates: [kit.idpKey.certificateDer] });
    expect(xml).toContain('WantAuthnRequestsSigned="false"');
  });
});
