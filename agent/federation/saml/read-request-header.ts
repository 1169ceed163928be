// SPDX-License-Identifier: UNLICENSED
import { childElements } from '../../xml/child-elements.js';
import type { XmlElement, XmlNode } from '../../xml/xml-types.js';
import { parseSamlInstant } from './parse-saml-instant.js';
import { ENTRA_ENTITY_ID, NAMEID_ENTITY, SAML_NS, SAML_VERSION } from './saml-constants.js';
import { MAX_REQUEST_ID_CHARS, REQUEST_CLOCK_SKEW_MS } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';
import { samlText } from './saml-text.js';

const ELEMENT_NODE = 1;
/** xs:ID (an NCName), restricted to ASCII: Entra's IDs are `_` + a UUID. */
const REQUEST_ID = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** The RequestAbstractType fields every request carries (saml-core §3.2.1). Times in ms. */
export interface SamlRequestHeader {
  id: string;
  issuer: string;
  issueInstant: number;
}

/**
 * Reads and checks the header of a request element (`ERR_SAML_REQUEST` naming the rule):
 * - `Version` is `2.0`; `ID` is an ASCII NCName of at most `MAX_REQUEST_ID_CHARS` characters;
 * - `IssueInstant` is a SAML UTC instant within `REQUEST_CLOCK_SKEW_MS` of `now`, either way;
 * - the first child element is the only `saml:Issuer`, with no Format or the entity format, and its
 *   text is exactly Entra's entity ID `urn:federation:MicrosoftOnline`;
 * - `Destination`, when present, is exactly one of `destinations` (our own endpoint URLs).
 */
export function readRequestHeader(root: XmlElement, now: number, destinations: readonly string[]): SamlRequestHeader {
  if (root.getAttribute('Version') !== SAML_VERSION) throw samlRequestError('ERR_SAML_REQUEST', 'Version must be "2.0"');
  const id = root.getAttribute('ID') ?? '';
  if (id.length > MAX_REQUEST_ID_CHARS || !REQUEST_ID.test(id)) {
    throw samlRequestError('ERR_SAML_REQUEST', `ID must be an XML name of at most ${MAX_REQUEST_ID_CHARS} ASCII characters`);
  }
  const issuer = readIssuer(root);
  const instantText = root.getAttribute('IssueInstant') ?? '';
  const issueInstant = parseSamlInstant(instantText);
  if (issueInstant === null) throw samlRequestError('ERR_SAML_REQUEST', 'IssueInstant must be a UTC time such as 2024-03-12T14:00:18.450Z', issuer);
  if (Math.abs(issueInstant - now) > REQUEST_CLOCK_SKEW_MS) {
    throw samlRequestError('ERR_SAML_REQUEST', `IssueInstant ${instantText} is more than ${REQUEST_CLOCK_SKEW_MS / 60_000} minutes away from this server's clock`, issuer);
  }
  if (root.hasAttribute('Destination')) {
    const destination = root.getAttribute('Destination') ?? '';
    if (!destinations.includes(destination)) {
      throw samlRequestError('ERR_SAML_REQUEST', `Destination ${JSON.stringify(destination.slice(0, 200))} is not this server's endpoint`, issuer);
    }
  }
  return { id, issuer, issueInstant };
}

function readIssuer(root: XmlElement): string {
  const issuers = childElements(root, SAML_NS, 'Issuer');
  const first = firstElementChild(root);
  if (issuers.length !== 1 || first !== issuers[0]) throw samlRequestError('ERR_SAML_REQUEST', 'the request must start with exactly one saml:Issuer');
  const format = first.getAttribute('Format');
  const issuer = samlText(first);
  if (format !== null && format !== '' && format !== NAMEID_ENTITY) {
    throw samlRequestError('ERR_SAML_REQUEST', `Issuer Format must be absent or ${NAMEID_ENTITY}`, issuer.slice(0, 200));
  }
  if (issuer !== ENTRA_ENTITY_ID) {
    throw samlRequestError('ERR_SAML_REQUEST', `Issuer ${JSON.stringify(issuer.slice(0, 200))} is not Entra ID (${ENTRA_ENTITY_ID})`, issuer.slice(0, 200));
  }
  return issuer;
}

function firstElementChild(el: XmlElement): XmlElement | null {
  for (let n: XmlNode | null = el.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) return n as XmlElement;
  return null;
}
