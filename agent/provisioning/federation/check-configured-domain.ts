// SPDX-License-Identifier: UNLICENSED
import type { FederatedDomain } from '../../federation/federated-domains.js';
import type { FederationCheck } from './federation-check.js';

/**
 * `configured here`: the domain is in `federation.domains` (the sign-in page serves only those). A
 * `--protocol` other than the configured one is used as asked, with a warning to record it in the config.
 */
export function checkConfiguredDomain(name: string, domains: readonly FederatedDomain[], protocol: 'saml' | 'wsfed' | undefined): FederationCheck {
  const index = domains.findIndex((d) => d.name === name.toLowerCase());
  const domain = domains[index];
  if (domain === undefined) {
    return {
      name: 'configured here', status: 'fail', detail: `${name} is not in federation.domains`,
      fix: `add { name: ${name.toLowerCase()}, protocol: ${protocol ?? 'saml'} } to federation.domains in the configuration`,
    };
  }
  if (protocol !== undefined && protocol !== domain.protocol) {
    return {
      name: 'configured here', status: 'warn', detail: `federation.domains[${index}].protocol is ${domain.protocol}; configuring ${protocol} as asked (issuer ${domain.issuer})`,
      fix: `set federation.domains[${index}].protocol: ${protocol}, or the next run without --protocol switches back`,
    };
  }
  return { name: 'configured here', status: 'ok', detail: `federation.domains[${index}]: ${domain.protocol}, issuer ${domain.issuer}` };
}
