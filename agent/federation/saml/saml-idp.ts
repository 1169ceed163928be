// SPDX-License-Identifier: UNLICENSED
import type { X509Certificate } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { MessageIdStore } from '../../store/store.js';
import type { XmlSigningKey } from '../xml/sign-enveloped.js';
import type { ENTRA_ACS_URL } from './saml-constants.js';

export interface SamlIdpDeps {
  /** Replay cache of request IDs, keyed by issuer. */
  messageIds: MessageIdStore;
  clock: Clock;
  random: Random;
  /** The current token-signing key, called once per response (rollover is the caller's business). */
  signingKey(): Promise<{ id: string } & XmlSigningKey>;
  /** Entra's pinned signing certificates (from its SP metadata); the only keys a signed request may use. */
  entraCertificates: readonly X509Certificate[];
  /** Refuse unsigned AuthnRequests and LogoutRequests (`ERR_SIGNATURE`). Signed ones are always verified. */
  requireSignedRequests: boolean;
  /** Sign the Response as well as the Assertion. */
  signResponse: boolean;
  /** Our SSO endpoint URLs: a request's `Destination`, when present, must be one of them exactly. */
  ssoUrls: readonly string[];
  /** Our SLO endpoint URLs, likewise for LogoutRequests. */
  sloUrls: readonly string[];
}

/**
 * A request as the web layer received it, values untouched. `SAMLRequest` is base64 (HTTP-POST) or
 * base64 of raw DEFLATE (HTTP-Redirect). A query signature (HTTP-Redirect) is checked over `rawQuery`,
 * the query string exactly as it arrived (without `?`); the parsed `SAMLRequest`, `RelayState`, `SigAlg`
 * and `Signature` must then agree with it. `SigAlg`/`Signature` are ignored for HTTP-POST.
 */
export interface SamlRequestInput {
  binding: 'post' | 'redirect';
  SAMLRequest: unknown;
  RelayState?: unknown;
  SigAlg?: unknown;
  Signature?: unknown;
  rawQuery?: string;
}

/** An accepted AuthnRequest. Times in ms since the epoch. */
export interface SamlLoginRequest {
  id: string;
  issuer: string;
  issueInstant: number;
  /** Always Entra's login.srf: a request naming another ACS is refused. */
  acsUrl: typeof ENTRA_ACS_URL;
  forceAuthn: boolean;
  isPassive: boolean;
  /**
   * The `AuthnContextClassRef`s of a `RequestedAuthnContext`, in order (empty when absent; `Comparison` is
   * not read). Entra is not documented to send one; it is returned for the sign-in flow to log or honour.
   */
  requestedAuthnContexts: readonly string[];
  /** The request carried a signature that verified against a pinned Entra certificate. */
  signed: boolean;
  relayState: string | null;
}

/** An accepted LogoutRequest. */
export interface SamlLogoutRequest {
  id: string;
  issuer: string;
  /** The NameID the SP names (our persistent NameID, i.e. the ImmutableID). */
  nameId: string;
  sessionIndex: string | null;
  signed: boolean;
  relayState: string | null;
}

export interface SamlLoginResponseInput {
  request: SamlLoginRequest;
  /** Our issuer URI for the user's federated domain. */
  issuer: string;
  /** `immutableId` is the persistent NameID (at most 64 characters); `upn` goes in `IDPEmail`. */
  user: { upn: string; immutableId: string };
  /** When the user's last factor was verified (ms). */
  authnInstant: number;
  /** A second factor was verified: AuthnContextClassRef multipleauthn, else PasswordProtectedTransport. */
  mfa: boolean;
  /** The browser's address is in a trusted network. */
  insideCorporateNetwork: boolean;
  /** Our session's index, echoed by SLO. */
  sessionIndex: string;
}

/** An auto-submitting HTTP-POST form: the web layer renders `fields` as hidden inputs posted to `url`. */
export interface SamlPostForm {
  url: string;
  /** `SAMLResponse` (base64 of the XML) and `RelayState` when the request had one. */
  fields: Record<string, string>;
}

export interface SamlLoginResponse extends SamlPostForm {
  responseId: string;
  assertionId: string;
  authnContext: string;
  signingKeyId: string;
}

export interface SamlLogoutResponseInput {
  request: SamlLogoutRequest;
  issuer: string;
  /** `partial`: Success with the second-level PartialLogout code. */
  status: 'success' | 'partial';
}

export interface SamlMetadataInput {
  issuer: string;
  ssoUrl: string;
  sloUrl: string;
  /** DER of each signing certificate to publish (current, then next during rollover). */
  certificates: readonly Buffer[];
}

/**
 * The SAML 2.0 IdP for Entra ID (SP-Lite). Contracts:
 * - `read*Request` either returns a request that passed every check or throws an `MfaError` with code
 *   `ERR_SAML_REQUEST`, `ERR_SIGNATURE`, `ERR_XML_MALFORMED` or `ERR_XML_FORBIDDEN` (all 400) and
 *   `data: { detail, issuer? }`; store faults propagate. An accepted request ID is remembered, so the
 *   same ID from the same issuer is refused until it could no longer pass the IssueInstant check.
 * - Every value of a signed request is read from the bytes the signature covers, never from the
 *   surrounding document.
 * - `build*` sign with `deps.signingKey()` (enveloped, exc-c14n, RSA-SHA256) and return the form to POST.
 */
export interface SamlIdp {
  readLoginRequest(input: SamlRequestInput): Promise<SamlLoginRequest>;
  buildLoginResponse(input: SamlLoginResponseInput): Promise<SamlLoginResponse>;
  readLogoutRequest(input: SamlRequestInput): Promise<SamlLogoutRequest>;
  buildLogoutResponse(input: SamlLogoutResponseInput): Promise<SamlPostForm>;
  /** The IdP's EntityDescriptor, signed, as canonical XML (no XML declaration). */
  metadata(input: SamlMetadataInput): Promise<string>;
}
