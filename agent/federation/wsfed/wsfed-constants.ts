// SPDX-License-Identifier: UNLICENSED
/**
 * WS-Federation passive and SAML 1.1 identifiers for Entra (reference/entra-federation-graph.md §1.5,
 * §2.1, §2.3). Always `http://`: Microsoft Learn pages that print `https://` forms are wrong.
 */

// --- Entra, the relying party (§1.1) ---
/** `wtrealm` Entra sends, the RSTR's AppliesTo and the assertion's Audience. */
export const ENTRA_REALM = 'urn:federation:MicrosoftOnline';
/** Where every sign-in response is POSTed (MS-MWBF `wreply` is optional; Entra's reply is login.srf). */
export const ENTRA_LOGIN_SRF = 'https://login.microsoftonline.com/login.srf';
/**
 * Hosts a `wreply` may name (issue 5: "Redirect to wreply only when it is a Microsoft login host"):
 * Entra worldwide, US Government, China (21Vianet), and the Microsoft account STS.
 */
export const MICROSOFT_LOGIN_HOSTS: readonly string[] = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.live.com',
];

// --- `wa` actions (WS-Federation 1.2 §13.2.1 / MS-MWBF §2.2.3) ---
export const WA_SIGNIN = 'wsignin1.0';
export const WA_SIGNOUT = 'wsignout1.0';
export const WA_SIGNOUT_CLEANUP = 'wsignoutcleanup1.0';

// --- Namespaces of the RSTR (§1.5, verbatim from AADInternals New-WSFedResponse) ---
/** WS-Trust 2005/02, prefix `t`. */
export const WST_NS = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
/** WS-Security utility, prefix `wsu` (Lifetime/Created, Expires). */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
/** WS-Policy 2004/09, prefix `wsp` (AppliesTo). */
export const WSP_NS = 'http://schemas.xmlsoap.org/ws/2004/09/policy';
/** WS-Addressing 1.0, prefix `wsa` (EndpointReference). */
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
/** SAML 1.x assertion namespace, prefix `saml`; also the RSTR's TokenType. */
export const SAML11_NS = 'urn:oasis:names:tc:SAML:1.0:assertion';
/** Claim properties namespace of `a:OriginalIssuer` (how WIF serialises it; §1.5). */
export const CLAIM_PROPERTIES_NS = 'http://schemas.xmlsoap.org/ws/2009/09/identity/claims';

// --- RSTR values (§1.5) ---
export const WST_TOKEN_TYPE_SAML11 = 'urn:oasis:names:tc:SAML:1.0:assertion';
export const WST_REQUEST_TYPE_ISSUE = 'http://schemas.xmlsoap.org/ws/2005/02/trust/Issue';
export const WST_KEY_TYPE_NO_PROOF_KEY = 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey';
/** Lifetime of the RSTR and of the assertion's Conditions (§1.5: now + 1 h). */
export const TOKEN_LIFETIME_MS = 3_600_000;

// --- SAML 1.1 assertion values ---
/** SAML 1.1 core §5.1.1 bearer confirmation method. */
export const SAML11_BEARER = 'urn:oasis:names:tc:SAML:1.0:cm:bearer';
/** §2.1: the MFA claim value, in AuthenticationMethod and in the authnmethodsreferences attribute. */
export const MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';
/** AuthenticationMethod when no second factor was verified (what AD FS emits for forms sign-in). */
export const PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
/** §2.3: `a:OriginalIssuer` of the insidecorporatenetwork claim. */
export const CLIENT_CONTEXT = 'CLIENT CONTEXT';

/** A SAML 1.1 attribute: claim type URI = `${namespace}/${name}`. */
export interface Saml11Claim {
  name: string;
  namespace: string;
}
/** `http://schemas.xmlsoap.org/claims/UPN`. */
export const UPN_CLAIM: Saml11Claim = { name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims' };
/** `http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID`. */
export const IMMUTABLE_ID_CLAIM: Saml11Claim = { name: 'ImmutableID', namespace: 'http://schemas.microsoft.com/LiveID/Federation/2008/05' };
/** `http://schemas.microsoft.com/claims/authnmethodsreferences` (the AD FS amr claim; §2.1). */
export const AUTHN_METHODS_REFERENCES_CLAIM: Saml11Claim = { name: 'authnmethodsreferences', namespace: 'http://schemas.microsoft.com/claims' };
/** `http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork` (§2.3). */
export const INSIDE_CORPORATE_NETWORK_CLAIM: Saml11Claim = { name: 'insidecorporatenetwork', namespace: 'http://schemas.microsoft.com/ws/2012/01' };

// --- Federation metadata (WS-Federation 1.2 §3.1, SAML 2.0 metadata §2.3.2) ---
export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
/** WS-Federation 1.2, prefix `fed`; also the RoleDescriptor's protocolSupportEnumeration. */
export const FED_NS = 'http://docs.oasis-open.org/wsfed/federation/200706';
/** WS-Federation authorization, prefix `auth` (ClaimType). */
export const AUTH_NS = 'http://docs.oasis-open.org/wsfed/authorization/200706';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
