// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { buildFederationMetadata } from '../../../../agent/federation/wsfed/build-federation-metadata.js';
import { createWsfedIdp } from '../../../../agent/federation/wsfed/create-wsfed-idp.js';
import { DSIG_NS } from '../../../../agent/federation/xml/xmldsig.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { childElements } from '../../../../agent/xml/child-elements.js';
import { elementText } from '../../../../agent/xml/element-text.js';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import type { XmlElement } from '../../../../agent/xml/xml-types.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import { makeSigningKey, METADATA_ID, verifyWithXmlCrypto, verifyWithXmlsec, type TestSigningKey } from './wsfed-fixtures.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const FED = 'http://docs.oasis-open.org/wsfed/federation/200706';
const AUTH = 'http://docs.oasis-open.org/wsfed/authorization/200706';
const WSA = 'http://www.w3.org/2005/08/addressing';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ISSUER = 'https://idp.contoso.test/contoso.com';
const PASSIVE = 'https://idp.contoso.test/federation/wsfed';
const ID = '_00112233445566778899aabbccddeeff';

let current: TestSigningKey;
let next: TestSigningKey;
let forger: TestSigningKey;
beforeAll(async () => {
  [current, next, forger] = await Promise.all([makeSigningKey('current'), makeSigningKey('next'), makeSigningKey('forged')]);
}, 60_000);

const build = (key = current) => buildFederationMetadata({
  id: ID, issuer: ISSUER, passiveUrl: PASSIVE, certificates: [current.key.certificateDer, next.key.certificateDer],
}, key.key);
const verifyBoth = (xml: string, certPem = current.certPem) => ({
  xmlsec: verifyWithXmlsec(xml, certPem, METADATA_ID).ok,
  xmlCrypto: verifyWithXmlCrypto(xml, certPem).ok,
});
function one(parent: XmlElement, ns: string, name: string): XmlElement {
  const found = childElements(parent, ns, name);
  expect(found, `${parent.localName}/${name}`).toHaveLength(1);
  return found[0] as XmlElement;
}

describe('buildFederationMetadata', () => {
  it('verifies with xmlsec1 and xml-crypto against the current certificate, and the signature covers the whole entity', () => {
    const xml = build();
    expect(verifyBoth(xml)).toEqual({ xmlsec: true, xmlCrypto: true });
    const [signed] = verifyWithXmlCrypto(xml, current.certPem).signedReferences;
    expect(signed).toContain(`<wsa:Address>${PASSIVE}</wsa:Address>`);
    expect(signed).toContain(next.key.certificateDer.toString('base64'));
    expect(signed?.endsWith('</RoleDescriptor></EntityDescriptor>')).toBe(true);
  });

  it('is rejected by both verifiers when signed by another key or when the endpoint is changed', () => {
    expect(verifyBoth(build(forger))).toEqual({ xmlsec: false, xmlCrypto: false });
    const moved = build().replaceAll(`>${PASSIVE}<`, '>https://evil.example/wsfed<');
    expect(verifyBoth(moved)).toEqual({ xmlsec: false, xmlCrypto: false });
  });

  it('describes a WS-Fed security token service: signature first, keys current then next, SAML 1.1 tokens, claims, passive endpoint', () => {
    const root = parseXml(build(), { maxBytes: 64 * 1024 }).documentElement as XmlElement;
    expect([root.namespaceURI, root.localName, root.getAttribute('entityID'), root.getAttribute('ID')]).toEqual([MD, 'EntityDescriptor', ISSUER, ID]);
    const first = root.firstChild as XmlElement;
    expect([first.namespaceURI, first.localName]).toEqual([DSIG_NS, 'Signature']);
    expect(first.getElementsByTagNameNS(DSIG_NS, 'Reference').item(0)?.getAttribute('URI')).toBe(`#${ID}`);

    const role = one(root, MD, 'RoleDescriptor');
    const [prefix, type] = (role.getAttributeNS(XSI, 'type') ?? '').split(':');
    expect([role.lookupNamespaceURI(prefix ?? null), type]).toEqual([FED, 'SecurityTokenServiceType']);
    expect(role.getAttribute('protocolSupportEnumeration')).toBe(FED);

    const keys = childElements(role, MD, 'KeyDescriptor');
    expect(keys.map((k) => k.getAttribute('use'))).toEqual(['signing', 'signing']);
    const published = keys.map((k) => {
      const cert = one(one(one(k, DSIG_NS, 'KeyInfo'), DSIG_NS, 'X509Data'), DSIG_NS, 'X509Certificate');
      return new X509Certificate(Buffer.from(elementText(cert), 'base64')).fingerprint256;
    });
    expect(published).toEqual([current, next].map((k) => new X509Certificate(k.certPem).fingerprint256));

    expect(childElements(one(role, FED, 'TokenTypesOffered'), FED, 'TokenType').map((t) => t.getAttribute('Uri')))
      .toEqual(['urn:oasis:names:tc:SAML:1.0:assertion']);
    expect(childElements(one(role, FED, 'ClaimTypesOffered'), AUTH, 'ClaimType').map((c) => c.getAttribute('Uri'))).toEqual([
      'http://schemas.xmlsoap.org/claims/UPN',
      'http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID',
      'http://schemas.microsoft.com/claims/authnmethodsreferences',
      'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork',
    ]);
    for (const endpoint of ['SecurityTokenServiceEndpoint', 'PassiveRequestorEndpoint']) {
      expect(elementText(one(one(one(role, FED, endpoint), WSA, 'EndpointReference'), WSA, 'Address'))).toBe(PASSIVE);
    }
    const order = Array.from({ length: role.childNodes.length }, (_, i) => (role.childNodes.item(i) as XmlElement).localName);
    expect(order).toEqual(['KeyDescriptor', 'KeyDescriptor', 'TokenTypesOffered', 'ClaimTypesOffered', 'SecurityTokenServiceEndpoint', 'PassiveRequestorEndpoint']);
  });
});

describe('createWsfedIdp().metadata', () => {
  const idp = () => createWsfedIdp({ clock: fixedClock(), random: createSystemRandom(), signingKey: async () => current.key });

  it('signs with the active key under a fresh 128-bit ID', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => idp().metadata({ issuer: ISSUER, passiveUrl: PASSIVE, certificates: [current.key.certificateDer] })));
    const ids = [a, b].map((xml) => /^<EntityDescriptor xmlns="[^"]+" ID="(_[0-9a-f]{32})"/.exec(xml ?? '')?.[1]);
    expect(ids[0]).toBeDefined();
    expect(ids[0]).not.toBe(ids[1]);
    expect(verifyBoth(a ?? '')).toEqual({ xmlsec: true, xmlCrypto: true });
  });

  it('refuses to publish no certificate', async () => {
    const err = await idp().metadata({ issuer: ISSUER, passiveUrl: PASSIVE, certificates: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfaError);
    expect(err).toMatchObject({ code: 'ERR_SIGNING_KEY' });
  });
});
