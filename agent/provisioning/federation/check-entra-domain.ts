// SPDX-License-Identifier: UNLICENSED
import type { DomainFederation, GraphDomain } from '../graph/domain-operations.js';
import type { FederationCheck } from './federation-check.js';

/** Suffix of the tenant's initial domains, which can never be federated (reference §1.7). */
const INITIAL_DOMAIN_SUFFIX = '.onmicrosoft.com';

/**
 * The domain as Entra holds it. Rules:
 * - `domain exists in Entra`: `GET /domains/{D}` found it;
 * - `domain verified`: `isVerified`; only verified domains can be federated;
 * - `custom domain`: not `*.onmicrosoft.com` and not the tenant's initial domain (reference §1.7);
 * - `domain state`: a domain that is `Federated` without a federation configuration was left stuck by a
 *   failed earlier POST (microsoft-graph-docs #20203) and Graph cannot change it: fail. A configuration
 *   with another issuer means the domain is federated with another IdP: warn (it will be replaced).
 */
export function checkEntraDomain(name: string, domain: GraphDomain | null, configurations: readonly DomainFederation[], issuer: string | null): FederationCheck[] {
  const initial = name.toLowerCase().endsWith(INITIAL_DOMAIN_SUFFIX) || domain?.isInitial === true;
  const custom: FederationCheck = initial
    ? { name: 'custom domain', status: 'fail', detail: `${name} is a *.onmicrosoft.com (initial) domain, which Entra never federates`, fix: 'federate a verified custom domain such as contoso.com instead' }
    : { name: 'custom domain', status: 'ok', detail: `${name} is a custom domain` };
  if (domain === null) {
    return [
      { name: 'domain exists in Entra', status: 'fail', detail: `the tenant has no domain ${name}`, fix: `add ${name} in the Entra admin center (Settings → Domain names) and verify it` },
      { name: 'domain verified', status: 'skipped', detail: 'the domain does not exist in Entra' },
      custom,
      { name: 'domain state', status: 'skipped', detail: 'the domain does not exist in Entra' },
    ];
  }
  const verified: FederationCheck = domain.isVerified
    ? { name: 'domain verified', status: 'ok', detail: `${domain.id} is verified` }
    : { name: 'domain verified', status: 'fail', detail: `${domain.id} is not verified`, fix: `add the DNS TXT record Entra shows for ${domain.id} and verify the domain` };
  return [{ name: 'domain exists in Entra', status: 'ok', detail: `${domain.id} (${domain.authenticationType})` }, verified, custom, domainState(domain, configurations, issuer)];
}

function domainState(domain: GraphDomain, configurations: readonly DomainFederation[], issuer: string | null): FederationCheck {
  const config = configurations[0];
  if (domain.authenticationType === 'Federated' && config === undefined) {
    return {
      name: 'domain state', status: 'fail', detail: `${domain.id} is Federated but has no federation configuration (left so by a failed earlier attempt); Graph cannot change it`,
      fix: 'open a Microsoft support request to reset the domain\'s authentication to Managed, then run `graph federate` again',
    };
  }
  if (config === undefined) return { name: 'domain state', status: 'ok', detail: `${domain.id} is Managed` };
  if (issuer !== null && config.issuerUri !== issuer) {
    return {
      name: 'domain state', status: 'warn', detail: `${domain.id} is federated with issuer ${String(config.issuerUri)}, not ${issuer}: its configuration will be replaced`,
      fix: 'make sure no other identity provider (AD FS) still serves this domain',
    };
  }
  return { name: 'domain state', status: 'ok', detail: `${domain.id} is ${domain.authenticationType} with configuration ${config.id}` };
}
