// SPDX-License-Identifier: UNLICENSED
import { childElements } from '../../xml/child-elements.js';
import type { XmlElement } from '../../xml/xml-types.js';
import { readRequestHeader } from './read-request-header.js';
import { readSamlMessage } from './read-saml-message.js';
import { readXsBoolean } from './read-xs-boolean.js';
import { BINDING_HTTP_POST, ENTRA_ACS_URL, NAMEID_PERSISTENT, NAMEID_UNSPECIFIED, SAMLP_NS, SAML_NS } from './saml-constants.js';
import type { SamlIdpDeps, SamlLoginRequest, SamlRequestInput } from './saml-idp.js';
import { REQUEST_CLOCK_SKEW_MS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';
import { samlText } from './saml-text.js';

const NAMEID_FORMATS: readonly string[] = [NAMEID_PERSISTENT, NAMEID_UNSPECIFIED];

/**
 * Reads an AuthnRequest from Entra (saml-core §3.4.1; reference §1.3), by `readSamlMessage` and
 * `readRequestHeader`, then (`ERR_SAML_REQUEST` naming the rule):
 * - `AssertionConsumerServiceURL` absent or exactly login.srf; `AssertionConsumerServiceIndex` absent
 *   or 0 (login.srf in Entra's metadata); Entra's unsigned request carries neither, so login.srf is the
 *   default;
 * - `ProtocolBinding` absent or HTTP-POST;
 * - at most one `NameIDPolicy`, its `Format` absent, persistent or unspecified;
 * - `ForceAuthn`, `IsPassive` are xs:booleans;
 * - the ID is new for this issuer (`messageIds.remember`, kept until IssueInstant + the skew bound), else
 *   "replayed". This runs last, so a refused request burns no ID.
 * `RequestedAuthnContext` class refs are returned as data; `Subject`, `Scoping` and `Extensions` are ignored.
 */
export async function readLoginRequest(deps: SamlIdpDeps, input: SamlRequestInput): Promise<SamlLoginRequest> {
  const message = readSamlMessage(input, { kind: 'AuthnRequest', certificates: deps.entraCertificates, requireSigned: deps.requireSignedRequests });
  const root = message.root;
  const now = deps.clock.now();
  const { id, issuer, issueInstant } = readRequestHeader(root, now, deps.ssoUrls);
  const acsUrl = root.getAttribute('AssertionConsumerServiceURL');
  if (acsUrl !== null && acsUrl !== ENTRA_ACS_URL) {
    throw samlRequestError('ERR_SAML_REQUEST', `AssertionConsumerServiceURL ${JSON.stringify(acsUrl.slice(0, 200))} is not ${ENTRA_ACS_URL}`, issuer);
  }
  const acsIndex = root.getAttribute('AssertionConsumerServiceIndex');
  if (acsIndex !== null && acsIndex !== '0') throw samlRequestError('ERR_SAML_REQUEST', 'AssertionConsumerServiceIndex must be absent or 0', issuer);
  const binding = root.getAttribute('ProtocolBinding');
  if (binding !== null && binding !== BINDING_HTTP_POST) {
    throw samlRequestError('ERR_SAML_REQUEST', `ProtocolBinding ${JSON.stringify(binding.slice(0, 200))} is not HTTP-POST`, issuer);
  }
  checkNameIdPolicy(root, issuer);
  const forceAuthn = readXsBoolean(root, 'ForceAuthn', issuer);
  const isPassive = readXsBoolean(root, 'IsPassive', issuer);
  const requestedAuthnContexts = childElements(root, SAMLP_NS, 'RequestedAuthnContext')
    .flatMap((r) => childElements(r, SAML_NS, 'AuthnContextClassRef').map(samlText));
  if (!(await deps.messageIds.remember(issuer, id, issueInstant + REQUEST_CLOCK_SKEW_MS + 1, now))) {
    throw samlRequestError('ERR_SAML_REQUEST', `request ID ${id} was already used (replayed)`, issuer);
  }
  return {
    id, issuer, issueInstant, acsUrl: ENTRA_ACS_URL, forceAuthn, isPassive, requestedAuthnContexts, signed: message.signed, relayState: message.relayState,
  };
}

function checkNameIdPolicy(root: XmlElement, issuer: string): void {
  const policies = childElements(root, SAMLP_NS, 'NameIDPolicy');
  if (policies.length > 1) throw samlRequestError('ERR_SAML_REQUEST', 'more than one NameIDPolicy', issuer);
  const format = policies[0]?.getAttribute('Format') ?? null;
  if (format !== null && !NAMEID_FORMATS.includes(format)) {
    throw samlRequestError('ERR_SAML_REQUEST', `NameIDPolicy Format ${JSON.stringify(format.slice(0, 200))} is not persistent (the only NameID Entra accepts)`, issuer);
  }
}
