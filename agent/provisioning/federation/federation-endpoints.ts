// SPDX-License-Identifier: UNLICENSED
/**
 * The appliance's browser endpoints Entra is configured with (ARCHITECTURE.md "HTTP"): SAML 2.0 SSO and
 * SLO, or the one WS-Federation passive endpoint that handles `wsignin1.0` and `wsignout1.0` alike.
 */
export function federationEndpoints(publicUrl: string, protocol: 'saml' | 'wsfed'): { passiveSignInUri: string; signOutUri: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return protocol === 'saml'
    ? { passiveSignInUri: `${base}/federation/saml/sso`, signOutUri: `${base}/federation/saml/slo` }
    : { passiveSignInUri: `${base}/federation/wsfed`, signOutUri: `${base}/federation/wsfed` };
}
