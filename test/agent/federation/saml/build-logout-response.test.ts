// SPDX-License-Identifier: UNLICENSED
import { SAML } from '@node-saml/node-saml';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SamlLogoutRequest } from '../../../../agent/federation/saml/saml-idp.js';
import { childElements } from '../../../../agent/xml/child-elements.js';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import type { XmlElement } from '../../../../agent/xml/xml-types.js';
import { NS_SAML, NS_SAMLP, OUR_ISSUER, logoutRequestXml, openSamlKit, redirectInput, samlResponseXml, xmlsecVerify, type SamlKit } from './saml-test-kit.js';

const LOGOUT_RESPONSE_ID_ATTR = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse'];

let kit: SamlKit;
beforeAll(async () => {
  kit = await openSamlKit();
});
afterAll(async () => {
  await kit.close();
});

async function logoutRequest(relayState?: string): Promise<SamlLogoutRequest> {
  return kit.idp().readLogoutRequest(redirectInput(logoutRequestXml({ issueInstant: kit.clock.now(), sessionIndex: 's1' }), { relayState }));
}

function statusCodes(xml: string): string[] {
  const root = parseXml(xml, { maxBytes: 1 << 20 }).documentElement as XmlElement;
  const out: string[] = [];
  let code = childElements(childElements(root, NS_SAMLP, 'Status')[0] as XmlElement, NS_SAMLP, 'StatusCode')[0];
  while (code !== undefined) {
    out.push(code.getAttribute('Value') ?? '');
    code = childElements(code, NS_SAMLP, 'StatusCode')[0];
  }
  return out;
}

describe('buildLogoutResponse', () => {
  test('posts a signed LogoutResponse to login.srf that xmlsec1 verifies, echoing RelayState', async () => {
    const request = await logoutRequest('bye');
    const out = await kit.idp().buildLogoutResponse({ request, issuer: OUR_ISSUER, status: 'success' });
    expect(out.url).toBe('https://login.microsoftonline.com/login.srf');
    expect(out.fields.RelayState).toBe('bye');
    const xml = samlResponseXml(out.fields);
    const root = parseXml(xml, { maxBytes: 1 << 20 }).documentElement as XmlElement;
    expect([root.namespaceURI, root.localName, root.getAttribute('InResponseTo'), root.getAttribute('Destination'), root.getAttribute('Version')])
      .toEqual([NS_SAMLP, 'LogoutResponse', request.id, 'https://login.microsoftonline.com/login.srf', '2.0']);
    expect(root.getAttribute('ID')).toMatch(/^_[0-9a-f]{32}$/);
    expect(childElements(root, NS_SAML, 'Issuer')[0]?.textContent).toBe(OUR_ISSUER);
    expect(statusCodes(xml)).toEqual(['urn:oasis:names:tc:SAML:2.0:status:Success']);
    const ok = xmlsecVerify(kit, xml, kit.idpKey.certPath, ['--enabled-key-data', 'x509', ...LOGOUT_RESPONSE_ID_ATTR]);
    expect(ok.ok, ok.output).toBe(true);
    expect(xmlsecVerify(kit, xml, kit.attackerKey.certPath, ['--enabled-key-data', 'x509', ...LOGOUT_RESPONSE_ID_ATTR]).ok).toBe(false);
    expect(new ExclusiveCanonicalization().process(root as never, {})).toBe(xml);
  });

  test('partial logout is Success with the PartialLogout second-level code; no RelayState field when none came', async () => {
    const out = await kit.idp().buildLogoutResponse({ request: await logoutRequest(), issuer: OUR_ISSUER, status: 'partial' });
    expect(Object.keys(out.fields)).toEqual(['SAMLResponse']);
    expect(statusCodes(samlResponseXml(out.fields))).toEqual(['urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout']);
    expect(xmlsecVerify(kit, samlResponseXml(out.fields), kit.idpKey.certPath, ['--enabled-key-data', 'x509', ...LOGOUT_RESPONSE_ID_ATTR]).ok).toBe(true);
  });

  test('@node-saml/node-saml as the SP accepts it as a signed logout', async () => {
    const out = await kit.idp().buildLogoutResponse({ request: await logoutRequest(), issuer: OUR_ISSUER, status: 'success' });
    const sp = new SAML({ issuer: 'urn:federation:MicrosoftOnline', callbackUrl: 'https://login.microsoftonline.com/login.srf', idpCert: kit.idpKey.certPem });
    expect(await sp.validatePostResponseAsync({ SAMLResponse: out.fields.SAMLResponse ?? '' })).toEqual({ profile: null, loggedOut: true });
    const other = new SAML({ issuer: 'urn:federation:MicrosoftOnline', callbackUrl: 'https://login.microsoftonline.com/login.srf', idpCert: kit.attackerKey.certPem });
    await expect(other.validatePostResponseAsync({ SAMLResponse: out.fields.SAMLResponse ?? '' })).rejects.toThrow(/signature/i);
  });
});
