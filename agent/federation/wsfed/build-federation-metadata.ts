// SPDX-License-Identifier: UNLICENSED
import { element, startTag } from '../xml/canonical-xml.js';
import { signEnveloped, type XmlSigningKey } from '../xml/sign-enveloped.js';
import { DSIG_NS } from '../xml/xmldsig.js';
import {
  AUTH_NS, AUTHN_METHODS_REFERENCES_CLAIM, FED_NS, IMMUTABLE_ID_CLAIM, INSIDE_CORPORATE_NETWORK_CLAIM, MD_NS,
  UPN_CLAIM, WSA_NS, WST_TOKEN_TYPE_SAML11, XSI_NS, type Saml11Claim,
} from './wsfed-constants.js';

export interface FederationMetadataInput {
  /** EntityDescriptor/@ID, referenced by the signature: `_` followed by at least 128 random bits. */
  id: string;
  /** entityID: the issuer the assertions carry. */
  issuer: string;
  /** The passive endpoint (`/federation/wsfed`), absolute. */
  passiveUrl: string;
  /** DER certificates published as `KeyDescriptor use="signing"`, in order (current, then next). */
  certificates: readonly Buffer[];
}

/** The claims offered, with the display names AD FS gives them. */
const CLAIMS_OFFERED: ReadonlyArray<{ claim: Saml11Claim; displayName: string; description: string }> = [
  { claim: UPN_CLAIM, displayName: 'UPN', description: 'The user principal name of the user' },
  { claim: IMMUTABLE_ID_CLAIM, displayName: 'ImmutableID', description: 'The onPremisesImmutableId of the user' },
  { claim: AUTHN_METHODS_REFERENCES_CLAIM, displayName: 'Authentication Methods References', description: 'multipleauthn when a second factor was verified' },
  { claim: INSIDE_CORPORATE_NETWORK_CLAIM, displayName: 'Inside Corporate Network', description: 'Whether the browser reached the IdP from a trusted network' },
];

/**
 * `FederationMetadata/2007-06/FederationMetadata.xml`: an EntityDescriptor (SAML 2.0 metadata as the
 * default namespace) signed enveloped with `ds:Signature` as its first child (saml-metadata §2.3.2),
 * holding one RoleDescriptor `xsi:type="fed:SecurityTokenServiceType"` (WS-Federation 1.2 §3.1.2.2) with
 * a signing KeyDescriptor per certificate, TokenTypesOffered (SAML 1.0 assertion), ClaimTypesOffered,
 * and SecurityTokenServiceEndpoint (required by the schema) and PassiveRequestorEndpoint both at
 * `passiveUrl`.
 *
 * The text sent differs from the signed canonical form in one place: the RoleDescriptor also declares
 * `xmlns:fed`, so that the QName in `xsi:type` resolves. exc-c14n does not render that declaration
 * there (no element or attribute name uses it: xml-exc-c14n §3 "visibly utilized"); it renders it on
 * each `fed:` child, which therefore declare it as well.
 */
export function buildFederationMetadata(input: FederationMetadataInput, key: XmlSigningKey): string {
  const role = (ns: Record<string, string>): string => startTag('RoleDescriptor', {
    ns,
    attrs: { protocolSupportEnumeration: FED_NS },
    qattrs: [{ qname: 'xsi:type', uri: XSI_NS, value: 'fed:SecurityTokenServiceType' }],
  });
  const endpoint = (url: string): string[] => [element('wsa:EndpointReference', { ns: { wsa: WSA_NS } }, [element('wsa:Address', {}, url)])];
  const body = [
    ...input.certificates.map((der) => element('KeyDescriptor', { attrs: { use: 'signing' } }, [
      element('KeyInfo', { ns: { '': DSIG_NS } }, [element('X509Data', {}, [element('X509Certificate', {}, der.toString('base64'))])]),
    ])),
    fed('TokenTypesOffered', [element('fed:TokenType', { attrs: { Uri: WST_TOKEN_TYPE_SAML11 } })]),
    fed('ClaimTypesOffered', CLAIMS_OFFERED.map(({ claim, displayName, description }) =>
      element('auth:ClaimType', { ns: { auth: AUTH_NS }, attrs: { Optional: 'true', Uri: `${claim.namespace}/${claim.name}` } }, [
        element('auth:DisplayName', {}, displayName),
        element('auth:Description', {}, description),
      ]))),
    fed('SecurityTokenServiceEndpoint', endpoint(input.passiveUrl)),
    fed('PassiveRequestorEndpoint', endpoint(input.passiveUrl)),
  ].join('') + '</RoleDescriptor>';
  const start = startTag('EntityDescriptor', { ns: { '': MD_NS }, attrs: { ID: input.id, entityID: input.issuer } });
  const end = '</EntityDescriptor>';
  const canonicalRole = role({ xsi: XSI_NS }) + body;
  const signed = signEnveloped({ start, before: '', after: canonicalRole, end, id: input.id }, key);
  return signed.slice(0, signed.length - canonicalRole.length - end.length) + role({ fed: FED_NS, xsi: XSI_NS }) + body + end;
}

function fed(localName: string, content: readonly string[]): string {
  return element(`fed:${localName}`, { ns: { fed: FED_NS } }, content);
}
