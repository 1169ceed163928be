// SPDX-License-Identifier: UNLICENSED
import { resolveFederatedDomains, type FederatedDomain } from '../../federation/federated-domains.js';
import type { CertInfo } from '../../federation/keys/signing-keys.js';
import type { DomainFederation, GraphDomain } from '../graph/domain-operations.js';
import { checkConfiguredDomain } from './check-configured-domain.js';
import { checkEntraDomain } from './check-entra-domain.js';
import { checkImmutableIds } from './check-immutable-ids.js';
import { checkSigningCertificate } from './check-signing-certificate.js';
import { checkUniqueIssuer } from './check-unique-issuer.js';
import type { DomainFederationDeps } from './domain-federation-deps.js';
import type { FederationCheck } from './federation-check.js';

/** The checks and what they read, for `federateDomain` to act on when none failed. */
export interface FederationCheckRun {
  checks: FederationCheck[];
  ok: boolean;
  entraDomain: GraphDomain | null;
  /** The domain's configurations in Entra (0 or 1). */
  configurations: DomainFederation[];
  /** The domain as configured here, with the protocol to set; null when not in `federation.domains`. */
  target: FederatedDomain | null;
  published: { current: CertInfo; next: CertInfo | null } | null;
}

/**
 * Every compatibility check of `graph federate`, in this order: the domain in Entra (exists, verified,
 * custom, state), configured here, signing certificate, immutable ids, issuer unique. All run (so every
 * problem shows at once) except those depending on one that failed; none changes anything.
 * A duplicate issuer inside `federation.domains` is a `ConfigError` (from `resolveFederatedDomains`).
 */
export async function runFederationChecks(deps: DomainFederationDeps, name: string, protocol?: 'saml' | 'wsfed'): Promise<FederationCheckRun> {
  const domainName = name.toLowerCase();
  const { config, graph } = deps;
  const domains = resolveFederatedDomains(config.federation.domains, config.server.publicUrl);
  const index = domains.findIndex((d) => d.name === domainName);
  const configured = domains[index];
  const target = configured === undefined ? null : { ...configured, protocol: protocol ?? configured.protocol };
  const entraDomain = await graph.getDomain(domainName);
  const configurations = entraDomain === null ? [] : await graph.listFederationConfigurations(entraDomain.id);
  const certificate = await checkSigningCertificate(deps.keys, deps.clock.now(), config.federation.signing.warnDays);
  const checks = [
    ...checkEntraDomain(domainName, entraDomain, configurations, target?.issuer ?? null),
    checkConfiguredDomain(domainName, domains, protocol),
    certificate.check,
    await checkImmutableIds(graph, deps.store, domainName),
    await checkUniqueIssuer(graph, domainName, target?.issuer ?? null, index),
  ];
  return { checks, ok: checks.every((c) => c.status !== 'fail'), entraDomain, configurations, target, published: certificate.published };
}
