// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { DomainFederation, DomainFederationSettings } from '../graph/domain-operations.js';
import { desiredFederation, FEDERATED_IDP_MFA_BEHAVIOR } from './desired-federation.js';
import type { DomainFederationDeps } from './domain-federation-deps.js';
import { explainGraphFailure } from './explain-graph-failure.js';
import type { FederationCheck } from './federation-check.js';
import { federationDifferences } from './federation-differences.js';
import { graphReason } from './graph-reason.js';
import { runFederationChecks } from './run-federation-checks.js';

/**
 * - `federated`: the configuration was created (the domain is now Federated);
 * - `updated`: a configuration existed and the differing properties (`changed`) were PATCHed;
 * - `already_federated`: Entra already holds exactly what this appliance wants;
 * - `refused`: a check failed; Entra was not changed.
 */
export interface FederateResult {
  domain: string;
  outcome: 'federated' | 'updated' | 'already_federated' | 'refused';
  checks: FederationCheck[];
  protocol: 'saml' | 'wsfed' | null;
  issuer: string | null;
  configurationId: string | null;
  /** Property names written by this run. */
  changed: string[];
}

/**
 * `graph federate --domain D`: runs every compatibility check; only when none failed, creates the
 * `internalDomainFederation` (`desiredFederation`) or PATCHes the properties that differ. Idempotent and
 * resumable: each run starts from what Entra holds (a POST whose answer was lost is found on the rerun).
 * A managed domain still holding a configuration (an unfinished `defederate`) has it deleted and recreated.
 * Audits `graph.domain_federated` (success, or failure with the failed checks or the Graph error); a run
 * that changes nothing is not audited. Graph failures are rethrown explained (`explainGraphFailure`).
 */
export async function federateDomain(deps: DomainFederationDeps, name: string, opts: { protocol?: 'saml' | 'wsfed'; actor: Actor }): Promise<FederateResult> {
  const domain = name.toLowerCase();
  const run = await runFederationChecks(deps, domain, opts.protocol);
  const base = { domain, checks: run.checks, protocol: run.target?.protocol ?? null, issuer: run.target?.issuer ?? null };
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.record({
    event: 'graph.domain_federated', actor: opts.actor.id, source: opts.actor.source, subject: domain, outcome,
    details: { protocol: base.protocol, issuer: base.issuer, federatedIdpMfaBehavior: FEDERATED_IDP_MFA_BEHAVIOR, ...details },
  });
  if (!run.ok || run.target === null || run.published === null || run.entraDomain === null) {
    await audit('failure', { reason: 'checks_failed', checks: run.checks.filter((c) => c.status === 'fail').map((c) => c.name) });
    return { ...base, outcome: 'refused', configurationId: null, changed: [] };
  }
  const desired = desiredFederation({
    publicUrl: deps.config.server.publicUrl, issuer: run.target.issuer, protocol: run.target.protocol,
    current: run.published.current, next: run.published.next, requireSignedRequests: deps.config.federation.saml.requireSignedRequests,
  });
  const thumbprint = run.published.current.thumbprintSha256;
  const rerun = `mfa-appliance graph federate --domain ${domain}`;
  let existing: DomainFederation | undefined = run.configurations[0];
  try {
    if (existing !== undefined && run.entraDomain.authenticationType !== 'Federated') {
      await deps.graph.deleteFederationConfiguration(domain, existing.id);
      existing = undefined;
    }
    if (existing === undefined) {
      const created = await createOrFind(deps, domain, desired);
      await audit('success', { configurationId: created.id, thumbprint });
      return { ...base, outcome: 'federated', configurationId: created.id, changed: Object.keys(desired) };
    }
    const changes = federationDifferences(desired, existing);
    if (Object.keys(changes).length === 0) return { ...base, outcome: 'already_federated', configurationId: existing.id, changed: [] };
    await deps.graph.updateFederationConfiguration(domain, existing.id, changes);
    await audit('success', { configurationId: existing.id, thumbprint });
    return { ...base, outcome: 'updated', configurationId: existing.id, changed: Object.keys(changes) };
  } catch (err) {
    const explained = explainGraphFailure(err, { step: existing === undefined ? 'creating the federation configuration' : 'updating the federation configuration', domain, rerun });
    await audit('failure', { reason: graphReason(err), configurationId: existing?.id ?? null });
    throw explained;
  }
}

/**
 * POSTs the configuration. When the POST fails but the domain now holds a configuration equal to `desired`
 * (the Graph client retried a POST that had in fact succeeded, and got 409), that configuration is the result.
 */
async function createOrFind(deps: DomainFederationDeps, domain: string, desired: DomainFederationSettings): Promise<DomainFederation> {
  try {
    return await deps.graph.createFederationConfiguration(domain, desired);
  } catch (err) {
    const now = await deps.graph.listFederationConfigurations(domain).catch(() => []);
    const found = now[0];
    if (found !== undefined && Object.keys(federationDifferences(desired, found)).length === 0) {
      deps.logger.warn({ domain, configurationId: found.id }, 'federation configuration POST failed but Entra holds the configuration; taking it');
      return found;
    }
    throw err;
  }
}
