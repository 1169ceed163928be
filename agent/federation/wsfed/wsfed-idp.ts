// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { XmlSigningKey } from '../xml/sign-enveloped.js';
import type { ENTRA_LOGIN_SRF } from './wsfed-constants.js';
import type { WsfedRequest, WsfedSigninRequest } from './wsfed-request.js';

/** The key that signs now, with the id it is known by in the store (reported for the audit trail). */
export type WsfedSigningKey = { id: string } & XmlSigningKey;

export interface WsfedIdpDeps {
  clock: Clock;
  random: Random;
  /** The active signing key; called once per response or metadata document. */
  signingKey(): Promise<WsfedSigningKey>;
}

export interface WsfedSigninInput {
  request: WsfedSigninRequest;
  /** The domain's issuer URI (Graph `issuerUri`): Assertion/@Issuer. */
  issuer: string;
  /** `upn` → the UPN claim; `immutableId` (onPremisesImmutableId) → the ImmutableID claim. */
  user: { upn: string; immutableId: string };
  /** When the user's factors were verified, ms since the epoch: AuthenticationInstant. */
  authnInstant: number;
  /** A second factor was verified now: emit multipleauthn. */
  mfa: boolean;
  /** The browser's peer is in a trusted network (decided by the caller): insidecorporatenetwork. */
  insideCorporateNetwork: boolean;
}

/** What the sign-in page auto-POSTs: `fields` go to `url` as form fields, HTML-escaped by the page. */
export interface WsfedSigninResponse {
  url: typeof ENTRA_LOGIN_SRF;
  /** `wctx` is present exactly when the request carried one, verbatim. */
  fields: { wa: 'wsignin1.0'; wresult: string; wctx?: string };
  assertionId: string;
  /** AuthenticationMethod sent: multipleauthn or PasswordProtectedTransport. */
  authnMethod: string;
  signingKeyId: string;
}

export interface WsfedMetadataInput {
  issuer: string;
  /** Absolute URL of the passive endpoint. */
  passiveUrl: string;
  /** DER certificates to publish for signing, current first, then next. */
  certificates: readonly Buffer[];
}

/** The WS-Federation passive IdP for Entra. Holds no state between calls. */
export interface WsfedIdp {
  /** See `readWsfedRequest`: throws `ERR_WSFED_REQUEST` with `data.detail`. */
  readRequest(params: Readonly<Record<string, unknown>>): WsfedRequest;
  /**
   * The RSTR (`wresult`) holding a freshly signed SAML 1.1 assertion, valid from now for one hour.
   * `ERR_INVALID_INPUT` (`data.field`) for an empty issuer, UPN or ImmutableID; RangeError for a value
   * XML cannot carry; errors of `signingKey()` propagate.
   */
  buildSigninResponse(input: WsfedSigninInput): Promise<WsfedSigninResponse>;
  /** Signed `FederationMetadata.xml`; `ERR_SIGNING_KEY` when `certificates` is empty. */
  metadata(input: WsfedMetadataInput): Promise<string>;
}
