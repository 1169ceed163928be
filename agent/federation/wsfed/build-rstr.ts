// SPDX-License-Identifier: UNLICENSED
import { element } from '../xml/canonical-xml.js';
import { xmlDateTime } from './xml-date-time.js';
import {
  ENTRA_REALM, WSA_NS, WSP_NS, WST_KEY_TYPE_NO_PROOF_KEY, WST_NS, WST_REQUEST_TYPE_ISSUE, WST_TOKEN_TYPE_SAML11, WSU_NS,
} from './wsfed-constants.js';

export interface RstrInput {
  /** Lifetime/Created, ms since the epoch. */
  created: number;
  /** Lifetime/Expires, ms since the epoch. */
  expires: number;
  /** The signed SAML 1.1 assertion, placed verbatim in RequestedSecurityToken. */
  assertion: string;
}

/**
 * The WS-Trust 2005/02 RequestSecurityTokenResponse that is `wresult` (entra-federation-graph.md
 * §1.5, namespaces verbatim): Lifetime, AppliesTo `urn:federation:MicrosoftOnline`,
 * RequestedSecurityToken, TokenType SAML 1.0 assertion, RequestType Issue, KeyType NoProofKey.
 * No XML declaration, no whitespace between elements. The RSTR itself is not signed.
 */
export function buildRstr(input: RstrInput): string {
  return element('t:RequestSecurityTokenResponse', { ns: { t: WST_NS } }, [
    element('t:Lifetime', {}, [
      element('wsu:Created', { ns: { wsu: WSU_NS } }, xmlDateTime(input.created)),
      element('wsu:Expires', { ns: { wsu: WSU_NS } }, xmlDateTime(input.expires)),
    ]),
    element('wsp:AppliesTo', { ns: { wsp: WSP_NS } }, [
      element('wsa:EndpointReference', { ns: { wsa: WSA_NS } }, [element('wsa:Address', {}, ENTRA_REALM)]),
    ]),
    element('t:RequestedSecurityToken', {}, [input.assertion]),
    element('t:TokenType', {}, WST_TOKEN_TYPE_SAML11),
    element('t:RequestType', {}, WST_REQUEST_TYPE_ISSUE),
    element('t:KeyType', {}, WST_KEY_TYPE_NO_PROOF_KEY),
  ]);
}
