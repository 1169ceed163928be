// SPDX-License-Identifier: UNLICENSED
import { buildIdpMetadata } from './build-idp-metadata.js';
import { buildLoginResponse } from './build-login-response.js';
import { buildLogoutResponse } from './build-logout-response.js';
import { readLoginRequest } from './read-login-request.js';
import { readLogoutRequest } from './read-logout-request.js';
import type { SamlIdp, SamlIdpDeps } from './saml-idp.js';

/**
 * The SAML 2.0 IdP for Entra ID (contracts on `SamlIdp`). It keeps no state of its own: replay state is
 * in `deps.messageIds`, keys come from `deps.signingKey()` on each call. One instance serves every
 * federated domain; the issuer is chosen per call.
 */
export function createSamlIdp(deps: SamlIdpDeps): SamlIdp {
  const frozen: SamlIdpDeps = Object.freeze({
    ...deps,
    entraCertificates: [...deps.entraCertificates],
    ssoUrls: [...deps.ssoUrls],
    sloUrls: [...deps.sloUrls],
  });
  return {
    readLoginRequest: (input) => readLoginRequest(frozen, input),
    buildLoginResponse: (input) => buildLoginResponse(frozen, input),
    readLogoutRequest: (input) => readLogoutRequest(frozen, input),
    buildLogoutResponse: (input) => buildLogoutResponse(frozen, input),
    metadata: (input) => buildIdpMetadata(frozen, input),
  };
}
