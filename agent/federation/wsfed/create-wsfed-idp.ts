// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import { buildFederationMetadata } from './build-federation-metadata.js';
import { buildRstr } from './build-rstr.js';
import { buildSaml11Assertion } from './build-saml11-assertion.js';
import { readWsfedRequest } from './read-wsfed-request.js';
import { ENTRA_LOGIN_SRF, MULTIPLE_AUTHN, PASSWORD_PROTECTED_TRANSPORT, TOKEN_LIFETIME_MS, WA_SIGNIN } from './wsfed-constants.js';
import type { WsfedIdp, WsfedIdpDeps, WsfedSigninInput, WsfedSigninResponse } from './wsfed-idp.js';

/** Random bytes in an assertion or metadata ID (SAML 2.0 core §1.3.4 asks for at least 128 bits). */
const ID_RANDOM_BYTES = 16;

/**
 * The WS-Federation passive IdP: reads requests, builds signed RSTRs and the signed metadata. The XML
 * is written already canonical (`../xml/canonical-xml.ts`) and signed once by `signEnveloped`; xml-crypto
 * and xmlsec1 verify it in the tests. Times come from `clock`, IDs from `random`.
 */
export function createWsfedIdp(deps: WsfedIdpDeps): WsfedIdp {
  const newId = (): string => `_${deps.random.bytes(ID_RANDOM_BYTES).toString('hex')}`;
  return {
    readRequest: readWsfedRequest,

    async buildSigninResponse(input: WsfedSigninInput): Promise<WsfedSigninResponse> {
      requireText('issuer', input.issuer);
      requireText('upn', input.user.upn);
      requireText('immutableId', input.user.immutableId);
      const key = await deps.signingKey();
      const now = deps.clock.now();
      const assertionId = newId();
      const assertion = buildSaml11Assertion({
        assertionId,
        issuer: input.issuer,
        issueInstant: now,
        notOnOrAfter: now + TOKEN_LIFETIME_MS,
        authnInstant: input.authnInstant,
        upn: input.user.upn,
        immutableId: input.user.immutableId,
        mfa: input.mfa,
        insideCorporateNetwork: input.insideCorporateNetwork,
      }, key);
      const wresult = buildRstr({ created: now, expires: now + TOKEN_LIFETIME_MS, assertion });
      const { wctx } = input.request;
      return {
        url: ENTRA_LOGIN_SRF,
        fields: wctx === null ? { wa: WA_SIGNIN, wresult } : { wa: WA_SIGNIN, wresult, wctx },
        assertionId,
        authnMethod: input.mfa ? MULTIPLE_AUTHN : PASSWORD_PROTECTED_TRANSPORT,
        signingKeyId: key.id,
      };
    },

    async metadata(input) {
      if (input.certificates.length === 0) throw new MfaError('ERR_SIGNING_KEY', 'there is no signing certificate to publish');
      requireText('issuer', input.issuer);
      const key = await deps.signingKey();
      return buildFederationMetadata({ id: newId(), ...input }, key);
    },
  };
}

function requireText(field: string, value: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new MfaError('ERR_INVALID_INPUT', `${field} must be a non-empty string`, { data: { field } });
  }
}
