// SPDX-License-Identifier: UNLICENSED
import { childElements } from '../../xml/child-elements.js';
import { parseSamlInstant } from './parse-saml-instant.js';
import { readRequestHeader } from './read-request-header.js';
import { readSamlMessage } from './read-saml-message.js';
import { SAMLP_NS, SAML_NS } from './saml-constants.js';
import type { SamlIdpDeps, SamlLogoutRequest, SamlRequestInput } from './saml-idp.js';
import { REQUEST_CLOCK_SKEW_MS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';
import { samlText } from './saml-text.js';

/**
 * Reads a LogoutRequest from Entra (saml-core §3.7.1; sent by HTTP-Redirect, reference §1.6), by
 * `readSamlMessage` (the signature, when any, must sign the LogoutRequest itself: samlify #634) and
 * `readRequestHeader` with our SLO URLs, then (`ERR_SAML_REQUEST` naming the rule):
 * - `NotOnOrAfter`, when present, is a SAML instant not more than the skew bound in the past;
 * - exactly one plain `saml:NameID` with text (a `BaseID` or `EncryptedID` is not supported);
 * - at most one `samlp:SessionIndex`;
 * - the ID is new for this issuer (as for AuthnRequests), checked last.
 */
export async function readLogoutRequest(deps: SamlIdpDeps, input: SamlRequestInput): Promise<SamlLogoutRequest> {
  const message = readSamlMessage(input, { kind: 'LogoutRequest', certificates: deps.entraCertificates, requireSigned: deps.requireSignedRequests });
  const root = message.root;
  const now = deps.clock.now();
  const { id, issuer, issueInstant } = readRequestHeader(root, now, deps.sloUrls);
  const notOnOrAfterText = root.getAttribute('NotOnOrAfter');
  if (notOnOrAfterText !== null) {
    const notOnOrAfter = parseSamlInstant(notOnOrAfterText);
    if (notOnOrAfter === null) throw samlRequestError('ERR_SAML_REQUEST', 'NotOnOrAfter must be a UTC time such as 2024-03-12T14:00:18.450Z', issuer);
    if (now - REQUEST_CLOCK_SKEW_MS >= notOnOrAfter) throw samlRequestError('ERR_SAML_REQUEST', `the LogoutRequest expired at ${notOnOrAfterText}`, issuer);
  }
  const nameIds = childElements(root, SAML_NS, 'NameID');
  const nameId = nameIds.length === 1 && nameIds[0] !== undefined ? samlText(nameIds[0]) : '';
  if (nameId === '') throw samlRequestError('ERR_SAML_REQUEST', 'the LogoutRequest must carry exactly one non-empty saml:NameID', issuer);
  const sessionIndexes = childElements(root, SAMLP_NS, 'SessionIndex');
  if (sessionIndexes.length > 1) throw samlRequestError('ERR_SAML_REQUEST', 'more than one SessionIndex is not supported', issuer);
  const sessionIndex = sessionIndexes[0] === undefined ? null : samlText(sessionIndexes[0]);
  if (!(await deps.messageIds.remember(issuer, id, issueInstant + REQUEST_CLOCK_SKEW_MS + 1, now))) {
    throw samlRequestError('ERR_SAML_REQUEST', `request ID ${id} was already used (replayed)`, issuer);
  }
  return { id, issuer, nameId, sessionIndex, signed: message.signed, relayState: message.relayState };
}
