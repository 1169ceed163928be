// SPDX-License-Identifier: UNLICENSED
/**
 * SAML 2.0 identifiers (saml-core-2.0-os, saml-bindings-2.0-os, saml-metadata-2.0-os) and the fixed
 * identifiers of Entra ID as a SAML SP (reference/entra-federation-graph.md §1.1–1.4, §2). Claim URIs are
 * `http://`, never the `https://` forms some Microsoft Learn pages print.
 */

// Namespaces (saml-core §1.2, saml-metadata §1.2).
/** SAML 2.0 protocol namespace, prefix `samlp`. */
export const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
/** SAML 2.0 assertion namespace, written as the default namespace. */
export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** SAML 2.0 metadata namespace, prefix `md`. */
export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
/** The only protocol version (saml-core §3.2.1 `Version`). */
export const SAML_VERSION = '2.0';

// Status codes (saml-core §3.2.2.2).
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** Second-level code under Success: not every session could be ended (saml-core §3.2.2.2). */
export const STATUS_PARTIAL_LOGOUT = 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout';
/** saml-core §8.4.1. */
export const CONSENT_UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:consent:unspecified';

// Name identifier formats (saml-core §8.3).
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
/** The format an `<Issuer>` has when it carries none (saml-core §2.2.5). */
export const NAMEID_ENTITY = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

/** Bearer subject confirmation (saml-profiles §3.3). */
export const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

// Bindings (saml-bindings §3.4, §3.5).
export const BINDING_HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const BINDING_HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

// Authentication context classes.
/** Password over TLS (saml-authn-context §3.4.13). */
export const AC_PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
/** The MFA claim Entra reads from `AuthnContextClassRef` for SAML 2.0 (reference §2.1). */
export const AC_MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';

// Entra ID as the SP (reference §1.1).
/** Entra's entity ID: the Issuer of its requests and the Audience of our assertions. */
export const ENTRA_ENTITY_ID = 'urn:federation:MicrosoftOnline';
/** Entra's only assertion consumer service (HTTP-POST) and the SLO endpoint our LogoutResponse goes to. */
export const ENTRA_ACS_URL = 'https://login.microsoftonline.com/login.srf';

// Attributes Entra reads (reference §1.2, §2.3).
/** The UPN, as an attribute with no NameFormat. */
export const ATTR_IDP_EMAIL = 'IDPEmail';
/** `true`/`false`: the browser came from a trusted network. */
export const ATTR_INSIDE_CORPORATE_NETWORK = 'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork';
