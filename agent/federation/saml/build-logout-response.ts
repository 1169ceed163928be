// SPDX-License-Identifier: UNLICENSED
import { element, startTag } from '../xml/canonical-xml.js';
import { signEnveloped } from '../xml/sign-enveloped.js';
import { checkedXml } from './checked-xml.js';
import { formatSamlInstant } from './format-saml-instant.js';
import { newSamlId } from './new-saml-id.js';
import { ENTRA_ACS_URL, SAMLP_NS, SAML_NS, SAML_VERSION, STATUS_PARTIAL_LOGOUT, STATUS_SUCCESS } from './saml-constants.js';
import type { SamlIdpDeps, SamlLogoutResponseInput, SamlPostForm } from './saml-idp.js';

/**
 * The signed LogoutResponse (saml-core §3.7.2), POSTed to login.srf, the HTTP-POST SingleLogoutService
 * of Entra's metadata (reference §1.6):
 * ```
 * <samlp:LogoutResponse xmlns:samlp Destination=login.srf ID InResponseTo IssueInstant Version="2.0">
 *   <Issuer xmlns=SAML>issuer</Issuer> <ds:Signature/>
 *   <samlp:Status><samlp:StatusCode Value=Success>[<samlp:StatusCode Value=PartialLogout/> when partial]</samlp:StatusCode></samlp:Status>
 * </samlp:LogoutResponse>
 * ```
 */
export async function buildLogoutResponse(deps: SamlIdpDeps, input: SamlLogoutResponseInput): Promise<SamlPostForm> {
  const key = await deps.signingKey();
  const id = newSamlId(deps.random);
  const second = input.status === 'partial' ? [element('samlp:StatusCode', { attrs: { Value: STATUS_PARTIAL_LOGOUT } })] : [];
  const xml = checkedXml(() => signEnveloped({
    start: startTag('samlp:LogoutResponse', {
      ns: { samlp: SAMLP_NS },
      attrs: { Destination: ENTRA_ACS_URL, ID: id, InResponseTo: input.request.id, IssueInstant: formatSamlInstant(deps.clock.now()), Version: SAML_VERSION },
    }),
    before: element('Issuer', { ns: { '': SAML_NS } }, input.issuer),
    after: element('samlp:Status', {}, [element('samlp:StatusCode', { attrs: { Value: STATUS_SUCCESS } }, second)]),
    end: '</samlp:LogoutResponse>',
    id,
  }, key));
  const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') };
  if (input.request.relayState !== null) fields.RelayState = input.request.relayState;
  return { url: ENTRA_ACS_URL, fields };
}
