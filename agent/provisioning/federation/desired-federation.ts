// SPDX-License-Identifier: UNLICENSED
import type { CertInfo } from '../../federation/keys/signing-keys.js';
import type { DomainFederationSettings } from '../graph/domain-operations.js';
import { federationEndpoints } from './federation-endpoints.js';

/** `federatedIdpMfaBehavior`: Entra sends the user back here for MFA rather than doing its own (reference §2.2). */
export const FEDERATED_IDP_MFA_BEHAVIOR = 'enforceMfaByFederatedIdp';
/** `promptLoginBehavior`: `prompt=login` reaches us as is, so no password-only `wauth` downgrades the MFA (reference §3.3). */
export const PROMPT_LOGIN_BEHAVIOR = 'nativeSupport';

/**
 * The `internalDomainFederation` this appliance wants for a domain (reference §3.2): our endpoints, the
 * domain's issuer, the current certificate and the next one (or null) as base64 DER without PEM armour.
 * No `activeSignInUri` or `metadataExchangeUri`: the appliance speaks no WS-Trust.
 */
export function desiredFederation(opts: {
  publicUrl: string;
  issuer: string;
  protocol: 'saml' | 'wsfed';
  current: CertInfo;
  next: CertInfo | null;
  requireSignedRequests: boolean;
}): Required<Pick<DomainFederationSettings, 'displayName' | 'issuerUri' | 'passiveSignInUri' | 'signOutUri' | 'preferredAuthenticationProtocol'
  | 'signingCertificate' | 'nextSigningCertificate' | 'federatedIdpMfaBehavior' | 'promptLoginBehavior' | 'isSignedAuthenticationRequestRequired'>> {
  return {
    displayName: `mfa-appliance ${new URL(opts.publicUrl).host}`,
    issuerUri: opts.issuer,
    ...federationEndpoints(opts.publicUrl, opts.protocol),
    preferredAuthenticationProtocol: opts.protocol === 'saml' ? 'saml' : 'wsFed',
    signingCertificate: opts.current.certificateDer.toString('base64'),
    nextSigningCertificate: opts.next === null ? null : opts.next.certificateDer.toString('base64'),
    federatedIdpMfaBehavior: FEDERATED_IDP_MFA_BEHAVIOR,
    promptLoginBehavior: PROMPT_LOGIN_BEHAVIOR,
    isSignedAuthenticationRequestRequired: opts.requireSignedRequests,
  };
}
