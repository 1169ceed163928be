// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import { MfaError } from '../../errors.js';
import type { DomainFederationDeps } from './domain-federation-deps.js';
import { explainGraphFailure } from './explain-graph-failure.js';
import { graphReason } from './graph-reason.js';

/** `defederated`: this run changed Entra (`steps` says how); `already_managed`: nothing was left to do. */
export interface DefederateResult {
  domain: string;
  outcome: 'defederated' | 'already_managed';
  /** `managed` (PATCH authenticationType) and/or `deleted` (the configuration), in order. */
  steps: Array<'managed' | 'deleted'>;
  configurationId: string | null;
}

/**
 * `graph defederate --domain D` (reference §3.4): PATCH the domain to `authenticationType: Managed`, then
 * DELETE its federation configuration. Each step is skipped when Entra already reflects it, so a run
 * interrupted between the two finishes on the next one. Users then need cloud passwords. Audits
 * `graph.domain_defederated` when something changed or failed. `ERR_NOT_FOUND` when the tenant has no such domain.
 */
export async function defederateDomain(deps: Pick<DomainFederationDeps, 'graph' | 'audit'>, name: string, actor: Actor): Promise<DefederateResult> {
  const domain = name.toLowerCase();
  const entra = await deps.graph.getDomain(domain);
  if (entra === null) throw new MfaError('ERR_NOT_FOUND', `the tenant has no domain ${domain}`, { data: { domain } });
  const configurations = await deps.graph.listFederationConfigurations(entra.id);
  const steps: DefederateResult['steps'] = [];
  const configurationId = configurations[0]?.id ?? null;
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.record({
    event: 'graph.domain_defederated', actor: actor.id, source: actor.source, subject: domain, outcome, details: { configurationId, ...details },
  });
  let step = 'setting the domain to Managed';
  try {
    if (entra.authenticationType !== 'Managed') {
      await deps.graph.setDomainAuthenticationType(entra.id, 'Managed');
      steps.push('managed');
    }
    step = 'deleting the federation configuration';
    for (const c of configurations) {
      await deps.graph.deleteFederationConfiguration(entra.id, c.id);
      if (!steps.includes('deleted')) steps.push('deleted');
    }
  } catch (err) {
    await audit('failure', { reason: graphReason(err) });
    throw explainGraphFailure(err, { step, domain, rerun: `mfa-appliance graph defederate --domain ${domain}` });
  }
  if (steps.length === 0) return { domain, outcome: 'already_managed', steps, configurationId };
  await audit('success', {});
  return { domain, outcome: 'defederated', steps, configurationId };
}
