// SPDX-License-Identifier: UNLICENSED
/**
 * Bounds and lifetimes of the SAML IdP. Entra's requests are about 0.5 KiB unsigned and 2.5 KiB signed,
 * so the input bounds leave a wide margin while keeping a hostile request cheap to refuse.
 */

/** Largest decoded (and, for HTTP-Redirect, inflated) protocol message accepted, in bytes. */
export const MAX_SAML_MESSAGE_BYTES = 64 * 1024;
/**
 * Largest `SAMLRequest` / `Signature` parameter accepted, in characters: base64 of
 * `MAX_SAML_MESSAGE_BYTES` (87,384) plus line breaks some senders insert every 76 characters.
 */
export const MAX_SAML_PARAMETER_CHARS = 96 * 1024;
/**
 * Largest `RelayState` accepted, in UTF-8 bytes. saml-bindings §3.4.3 / §3.5.3 say it MUST NOT exceed
 * 80 bytes; senders exceed that in practice, so up to 1,024 bytes is accepted and echoed unchanged.
 */
export const MAX_RELAY_STATE_BYTES = 1024;
/**
 * Most elements a request may hold. Entra's signed AuthnRequest has 15; verifying a signature walks the
 * document with XPath several times, so a 64 KiB request of thousands of empty elements would cost
 * about a second of CPU. The bound keeps that cost at a few milliseconds.
 */
export const MAX_REQUEST_ELEMENTS = 200;
/** Largest request `ID` accepted, in characters (xs:ID has no bound; Entra's are 37). */
export const MAX_REQUEST_ID_CHARS = 256;
/**
 * A request's `IssueInstant` must lie within this distance of our clock, either way: the clock skew
 * between Entra and us plus the seconds a browser takes to bring the request. The replay cache keeps
 * each ID until `IssueInstant` + this bound, after which the instant check refuses it anyway.
 */
export const REQUEST_CLOCK_SKEW_MS = 5 * 60_000;
/** `SubjectConfirmationData/@NotOnOrAfter` = issue instant + 5 minutes (reference §1.4, MS sample). */
export const SUBJECT_CONFIRMATION_LIFETIME_MS = 5 * 60_000;
/** `Conditions/@NotOnOrAfter` = issue instant + 1 hour (reference §1.4, MS sample). */
export const ASSERTION_LIFETIME_MS = 60 * 60_000;
/**
 * `Conditions/@NotBefore` = issue instant − 1 second, so that a consumer whose clock reads the same
 * second (or a few milliseconds behind) never sees the assertion as not yet valid.
 */
export const NOT_BEFORE_SLACK_MS = 1000;
/** The NameID (the user's ImmutableID) is at most 64 characters (reference §1.2). */
export const MAX_IMMUTABLE_ID_CHARS = 64;
/** Random bytes in each ID we issue: 128 bits, the minimum saml-core §1.3.4 requires. */
export const ID_RANDOM_BYTES = 16;
