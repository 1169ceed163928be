// SPDX-License-Identifier: UNLICENSED

/**
 * The OIDC discovery document of `GET /{tenant}/v2.0/.well-known/openid-configuration`, shaped like
 * Entra's. MSAL requires authorization_endpoint, token_endpoint, issuer and jwks_uri, and accepts the
 * issuer only when its scheme, host and port are the authority's (msal-common `validateIssuer`).
 */
export function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(origin).hostname,
    cloud_graph_host_name: new URL(origin).hostname,
    msgraph_host: new URL(origin).host,
  };
}
