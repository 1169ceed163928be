// SPDX-License-Identifier: UNLICENSED
import type { FederationRecord, GraphObject } from './tenant-data.js';

/** An internalDomainFederation as Graph returns it; unset properties are null. */
export function viewFederationConfiguration(f: FederationRecord): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.internalDomainFederation',
    id: f.id,
    displayName: null, issuerUri: null, metadataExchangeUri: null, signingCertificate: null, passiveSignInUri: null,
    preferredAuthenticationProtocol: null, activeSignInUri: null, signOutUri: null, promptLoginBehavior: null,
    isSignedAuthenticationRequestRequired: false, nextSigningCertificate: null, federatedIdpMfaBehavior: null, passwordResetUri: null,
    ...f.props,
  };
}
