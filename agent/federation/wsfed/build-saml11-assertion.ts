// SPDX-License-Identifier: UNLICENSED
import { element, startTag, type ElementOptions } from '../xml/canonical-xml.js';
import { signEnveloped, type XmlSigningKey } from '../xml/sign-enveloped.js';
import { xmlDateTime } from './xml-date-time.js';
import {
  AUTHN_METHODS_REFERENCES_CLAIM, CLAIM_PROPERTIES_NS, CLIENT_CONTEXT, ENTRA_REALM, IMMUTABLE_ID_CLAIM,
  INSIDE_CORPORATE_NETWORK_CLAIM, MULTIPLE_AUTHN, PASSWORD_PROTECTED_TRANSPORT, SAML11_BEARER, SAML11_NS, UPN_CLAIM,
  type Saml11Claim,
} from './wsfed-constants.js';

export interface Saml11AssertionInput {
  /** `_` followed by at least 128 random bits; the signature's Reference is `#assertionId`. */
  assertionId: string;
  issuer: string;
  /** IssueInstant and Conditions/@NotBefore, ms since the epoch. */
  issueInstant: number;
  /** Conditions/@NotOnOrAfter, ms since the epoch. */
  notOnOrAfter: number;
  /** AuthenticationStatement/@AuthenticationInstant: when the user's factors were verified. */
  authnInstant: number;
  upn: string;
  immutableId: string;
  /** A second factor was verified: multipleauthn in AuthenticationMethod and in authnmethodsreferences. */
  mfa: boolean;
  insideCorporateNetwork: boolean;
}

/**
 * The signed SAML 1.1 assertion Entra takes in a WS-Fed RSTR (entra-federation-graph.md §1.5, §2.1,
 * §2.3), as exc-c14n text. Children in order: Conditions (NotBefore, NotOnOrAfter, Audience
 * `urn:federation:MicrosoftOnline`), AttributeStatement (bearer Subject; UPN, ImmutableID,
 * authnmethodsreferences = multipleauthn only when `mfa`, insidecorporatenetwork = `true`/`false` with
 * `a:OriginalIssuer="CLIENT CONTEXT"`), AuthenticationStatement (multipleauthn or
 * PasswordProtectedTransport, same bearer Subject), then `ds:Signature` last (SAML 1.1 schema).
 * The assertion declares `xmlns:saml` itself, so its text is also its canonical form as an apex and
 * the digest does not depend on where it is embedded. RangeError when a value holds a character XML
 * cannot carry.
 */
export function buildSaml11Assertion(input: Saml11AssertionInput, key: XmlSigningKey): string {
  const subject = element('saml:Subject', {}, [
    element('saml:SubjectConfirmation', {}, [element('saml:ConfirmationMethod', {}, SAML11_BEARER)]),
  ]);
  const attributes = [
    attribute(UPN_CLAIM, input.upn),
    attribute(IMMUTABLE_ID_CLAIM, input.immutableId),
    ...(input.mfa ? [attribute(AUTHN_METHODS_REFERENCES_CLAIM, MULTIPLE_AUTHN)] : []),
    attribute(INSIDE_CORPORATE_NETWORK_CLAIM, String(input.insideCorporateNetwork), {
      ns: { a: CLAIM_PROPERTIES_NS },
      qattrs: [{ qname: 'a:OriginalIssuer', uri: CLAIM_PROPERTIES_NS, value: CLIENT_CONTEXT }],
    }),
  ];
  const children = [
    element('saml:Conditions', { attrs: { NotBefore: xmlDateTime(input.issueInstant), NotOnOrAfter: xmlDateTime(input.notOnOrAfter) } }, [
      element('saml:AudienceRestrictionCondition', {}, [element('saml:Audience', {}, ENTRA_REALM)]),
    ]),
    element('saml:AttributeStatement', {}, [subject, ...attributes]),
    element('saml:AuthenticationStatement', {
      attrs: {
        AuthenticationInstant: xmlDateTime(input.authnInstant),
        AuthenticationMethod: input.mfa ? MULTIPLE_AUTHN : PASSWORD_PROTECTED_TRANSPORT,
      },
    }, [subject]),
  ].join('');
  const start = startTag('saml:Assertion', {
    ns: { saml: SAML11_NS },
    attrs: {
      AssertionID: input.assertionId,
      IssueInstant: xmlDateTime(input.issueInstant),
      Issuer: input.issuer,
      MajorVersion: '1',
      MinorVersion: '1',
    },
  });
  return signEnveloped({ start, before: children, after: '', end: '</saml:Assertion>', id: input.assertionId }, key);
}

function attribute(claim: Saml11Claim, value: string, extra: Pick<ElementOptions, 'ns' | 'qattrs'> = {}): string {
  return element('saml:Attribute', { ...extra, attrs: { AttributeName: claim.name, AttributeNamespace: claim.namespace } }, [
    element('saml:AttributeValue', {}, value),
  ]);
}
