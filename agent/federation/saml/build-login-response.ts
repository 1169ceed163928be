// SPDX-License-Identifier: UNLICENSED
import { element, startTag } from '../xml/canonical-xml.js';
import { signEnveloped, type EnvelopedParts } from '../xml/sign-enveloped.js';
import { assertionParts } from './assertion-parts.js';
import { checkedXml } from './checked-xml.js';
import { formatSamlInstant } from './format-saml-instant.js';
import { newSamlId } from './new-saml-id.js';
import {
  AC_MULTIPLE_AUTHN, AC_PASSWORD_PROTECTED_TRANSPORT, CONSENT_UNSPECIFIED, SAMLP_NS, SAML_NS, SAML_VERSION, STATUS_SUCCESS,
} from './saml-constants.js';
import type { SamlIdpDeps, SamlLoginResponse, SamlLoginResponseInput } from './saml-idp.js';
import { MAX_IMMUTABLE_ID_CHARS } from './saml-limits.js';
import { samlInputError } from './saml-input-error.js';

/**
 * The sign-in Response Entra consumes (reference §1.4), POSTed to the request's ACS (login.srf):
 * ```
 * <samlp:Response xmlns:samlp Consent=unspecified Destination=acs ID InResponseTo IssueInstant Version="2.0">
 *   <Issuer xmlns=SAML>issuer</Issuer> [ds:Signature when deps.signResponse]
 *   <samlp:Status><samlp:StatusCode Value=Success></samlp:StatusCode></samlp:Status>
 *   <Assertion …signed, see assertion-parts.ts…></Assertion>
 * </samlp:Response>
 * ```
 * The Assertion is always signed; with `signResponse` the Response signature (after its Issuer) covers
 * the signed Assertion too. Both are one `deps.signingKey()` key. IDs are `_` + 128 random bits.
 * `ERR_INVALID_INPUT` when the ImmutableID is empty or over 64 characters, the UPN is empty, or a value
 * holds a character XML cannot carry.
 */
export async function buildLoginResponse(deps: SamlIdpDeps, input: SamlLoginResponseInput): Promise<SamlLoginResponse> {
  const { request, user } = input;
  const idLength = [...user.immutableId].length;
  if (idLength === 0 || idLength > MAX_IMMUTABLE_ID_CHARS) {
    throw samlInputError(`the ImmutableID (the NameID) must be 1 to ${MAX_IMMUTABLE_ID_CHARS} characters; it has ${idLength}`);
  }
  if (user.upn === '') throw samlInputError('the UPN (IDPEmail) is empty');
  const key = await deps.signingKey();
  const now = deps.clock.now();
  const responseId = newSamlId(deps.random);
  const assertionId = newSamlId(deps.random);
  const authnContext = input.mfa ? AC_MULTIPLE_AUTHN : AC_PASSWORD_PROTECTED_TRANSPORT;
  const xml = checkedXml(() => {
    const assertion = signEnveloped(assertionParts({
      id: assertionId, issuer: input.issuer, issueInstant: now, inResponseTo: request.id, recipient: request.acsUrl,
      nameId: user.immutableId, upn: user.upn, insideCorporateNetwork: input.insideCorporateNetwork,
      authnInstant: input.authnInstant, sessionIndex: input.sessionIndex, authnContextClassRef: authnContext,
    }), key);
    const response: EnvelopedParts = {
      start: startTag('samlp:Response', {
        ns: { samlp: SAMLP_NS },
        attrs: { Consent: CONSENT_UNSPECIFIED, Destination: request.acsUrl, ID: responseId, InResponseTo: request.id, IssueInstant: formatSamlInstant(now), Version: SAML_VERSION },
      }),
      before: element('Issuer', { ns: { '': SAML_NS } }, input.issuer),
      after: element('samlp:Status', {}, [element('samlp:StatusCode', { attrs: { Value: STATUS_SUCCESS } })]) + assertion,
      end: '</samlp:Response>',
      id: responseId,
    };
    return deps.signResponse ? signEnveloped(response, key) : response.start + response.before + response.after + response.end;
  });
  const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') };
  if (request.relayState !== null) fields.RelayState = request.relayState;
  return { url: request.acsUrl, fields, responseId, assertionId, authnContext, signingKeyId: key.id };
}
