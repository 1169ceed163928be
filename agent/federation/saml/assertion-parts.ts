// SPDX-License-Identifier: UNLICENSED
import { element, startTag } from '../xml/canonical-xml.js';
import type { EnvelopedParts } from '../xml/sign-enveloped.js';
import { formatSamlInstant } from './format-saml-instant.js';
import {
  ATTR_IDP_EMAIL, ATTR_INSIDE_CORPORATE_NETWORK, CM_BEARER, ENTRA_ENTITY_ID, NAMEID_PERSISTENT, SAML_NS, SAML_VERSION,
} from './saml-constants.js';
import { ASSERTION_LIFETIME_MS, NOT_BEFORE_SLACK_MS, SUBJECT_CONFIRMATION_LIFETIME_MS } from './saml-limits.js';

export interface AssertionFields {
  id: string;
  issuer: string;
  /** ms; also the base of every validity window. */
  issueInstant: number;
  inResponseTo: string;
  /** Where the browser posts the Response (SubjectConfirmationData Recipient). */
  recipient: string;
  /** The persistent NameID (the ImmutableID). */
  nameId: string;
  upn: string;
  insideCorporateNetwork: boolean;
  authnInstant: number;
  sessionIndex: string;
  authnContextClassRef: string;
}

/**
 * The Entra-shaped SAML 2.0 Assertion (reference §1.4) as canonical XML split for `signEnveloped`:
 * ```
 * <Assertion xmlns=SAML ID IssueInstant Version="2.0">
 *   <Issuer>issuer</Issuer>                                   ← before
 *   [ds:Signature]
 *   <Subject><NameID Format=persistent>nameId</NameID>        ← after
 *     <SubjectConfirmation Method=bearer><SubjectConfirmationData InResponseTo NotOnOrAfter=+5 min Recipient/></SubjectConfirmation></Subject>
 *   <Conditions NotBefore=−1 s NotOnOrAfter=+1 h><AudienceRestriction><Audience>urn:federation:MicrosoftOnline</Audience></AudienceRestriction></Conditions>
 *   <AttributeStatement><Attribute Name="IDPEmail"><AttributeValue>upn</AttributeValue></Attribute>
 *     <Attribute Name="http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork"><AttributeValue>true|false</AttributeValue></Attribute></AttributeStatement>
 *   <AuthnStatement AuthnInstant SessionIndex><AuthnContext><AuthnContextClassRef>…</AuthnContextClassRef></AuthnContext></AuthnStatement>
 * </Assertion>
 * ```
 * Element order is the schema's (saml-core §2.3.3). No whitespace between elements; attributes carry no
 * NameFormat, as in Microsoft's sample. Values are escaped by `canonical-xml`, which throws a RangeError
 * for characters XML cannot carry.
 */
export function assertionParts(f: AssertionFields): EnvelopedParts {
  const instant = formatSamlInstant(f.issueInstant);
  const subject = element('Subject', {}, [
    element('NameID', { attrs: { Format: NAMEID_PERSISTENT } }, f.nameId),
    element('SubjectConfirmation', { attrs: { Method: CM_BEARER } }, [
      element('SubjectConfirmationData', {
        attrs: { InResponseTo: f.inResponseTo, NotOnOrAfter: formatSamlInstant(f.issueInstant + SUBJECT_CONFIRMATION_LIFETIME_MS), Recipient: f.recipient },
      }),
    ]),
  ]);
  const conditions = element('Conditions', {
    attrs: { NotBefore: formatSamlInstant(f.issueInstant - NOT_BEFORE_SLACK_MS), NotOnOrAfter: formatSamlInstant(f.issueInstant + ASSERTION_LIFETIME_MS) },
  }, [element('AudienceRestriction', {}, [element('Audience', {}, ENTRA_ENTITY_ID)])]);
  const attributes = element('AttributeStatement', {}, [
    attribute(ATTR_IDP_EMAIL, f.upn),
    attribute(ATTR_INSIDE_CORPORATE_NETWORK, f.insideCorporateNetwork ? 'true' : 'false'),
  ]);
  const authn = element('AuthnStatement', { attrs: { AuthnInstant: formatSamlInstant(f.authnInstant), SessionIndex: f.sessionIndex } }, [
    element('AuthnContext', {}, [element('AuthnContextClassRef', {}, f.authnContextClassRef)]),
  ]);
  return {
    start: startTag('Assertion', { ns: { '': SAML_NS }, attrs: { ID: f.id, IssueInstant: instant, Version: SAML_VERSION } }),
    before: element('Issuer', {}, f.issuer),
    after: subject + conditions + attributes + authn,
    end: '</Assertion>',
    id: f.id,
  };
}

function attribute(name: string, value: string): string {
  return element('Attribute', { attrs: { Name: name } }, [element('AttributeValue', {}, value)]);
}
