// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import { MfaError } from '../../errors.js';
import { resolveFederatedDomains } from '../../federation/federated-domains.js';
import type { CertInfo } from '../../federation/keys/signing-keys.js';
import type { DomainFederation } from '../graph/domain-operations.js';
import type { DomainFederationDeps } from './domain-federation-deps.js';
import { explainGraphFailure } from './explain-graph-failure.js';
import { graphReason } from './graph-reason.js';

/**
 * `phase`: `published` (the next certificate is Entra's `nextSigningCertificate`) or `activated` (the next
 * key signs and is Entra's `signingCertificate`). `outcome`: `done` when this run changed something,
 * `already` when Entra and the keys were already there. `steps` lists what this run did, in order.
 */
export interface RolloverResult {
  domain: string;
  phase: 'published' | 'activated';
  outcome: 'done' | 'already';
  keyId: string;
  thumbprint: string;
  steps: Array<'generated_next' | 'published_next' | 'activated_key' | 'replaced_signing_certificate'>;
}

const base64 = (c: CertInfo): string => c.certificateDer.toString('base64');

/**
 * `graph rollover --domain D [--activate]` (reference §3.5). Each phase first reads what Entra holds, so an
 * interrupted run finishes on the next one.
 * - Phase 1: ensures a next key exists (`generateNext`) and PATCHes `nextSigningCertificate` with it.
 *   Refused while Entra's `signingCertificate` is not our current certificate (federate first, or finish
 *   the activation this domain is in the middle of).
 * - Phase 2 (`activate`): when a next key exists, Entra must already hold it, and so must every other
 *   domain of `federation.domains` federated with us (all share the key); then the key is activated
 *   locally (`activateNext`) and Entra gets `signingCertificate` = it, `nextSigningCertificate` = null.
 * Refusals are `ERR_FEDERATION`; Graph failures are rethrown explained. Audits `graph.certificate_rolled`.
 */
export async function rolloverDomain(deps: DomainFederationDeps, name: string, opts: { activate: boolean; actor: Actor }): Promise<RolloverResult> {
  const domain = name.toLowerCase();
  const phase = opts.activate ? 'activated' : 'published';
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.record({
    event: 'graph.certificate_rolled', actor: opts.actor.id, source: opts.actor.source, subject: domain, outcome, details: { phase, ...details },
  });
  try {
    const config = await federationOf(deps, domain);
    return opts.activate ? await activate(deps, domain, config, opts.actor, audit) : await publish(deps, domain, config, opts.actor, audit);
  } catch (err) {
    await audit('failure', { reason: graphReason(err) });
    throw explainGraphFailure(err, { step: `certificate rollover (${phase})`, domain, rerun: `mfa-appliance graph rollover --domain ${domain}${opts.activate ? ' --activate' : ''}` });
  }
}

type Audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => Promise<unknown>;

async function publish(deps: DomainFederationDeps, domain: string, config: DomainFederation, actor: Actor, audit: Audit): Promise<RolloverResult> {
  const { current, next: existingNext } = await deps.keys.published();
  if (config.signingCertificate !== base64(current)) {
    const fix = config.nextSigningCertificate === base64(current)
      ? `the activation of key ${current.id} is unfinished for ${domain}: run \`mfa-appliance graph rollover --domain ${domain} --activate\``
      : `Entra's signing certificate for ${domain} is not the current one (${current.thumbprintSha256}): run \`mfa-appliance graph federate --domain ${domain}\` first`;
    throw refusal(fix, domain);
  }
  const steps: RolloverResult['steps'] = [];
  let next = existingNext;
  if (next !== null && next.notAfter <= deps.clock.now()) {
    throw new MfaError('ERR_SIGNING_KEY', `the next key ${next.id} has expired: retire it (\`mfa-appliance federation keys retire ${next.id}\`) and run again`, { data: { keyId: next.id } });
  }
  if (next === null) {
    next = await deps.keys.generateNext(actor);
    steps.push('generated_next');
  }
  if (config.nextSigningCertificate !== base64(next)) {
    await deps.graph.updateFederationConfiguration(domain, config.id, { nextSigningCertificate: base64(next) });
    steps.push('published_next');
  }
  if (steps.length > 0) await audit('success', { thumbprint: next.thumbprintSha256 });
  return { domain, phase: 'published', outcome: steps.length > 0 ? 'done' : 'already', keyId: next.id, thumbprint: next.thumbprintSha256, steps };
}

async function activate(deps: DomainFederationDeps, domain: string, config: DomainFederation, actor: Actor, audit: Audit): Promise<RolloverResult> {
  const steps: RolloverResult['steps'] = [];
  const published = await deps.keys.published();
  const { next } = published;
  let { current } = published;
  if (next !== null) {
    const nb = base64(next);
    if (config.signingCertificate !== nb && config.nextSigningCertificate !== nb) {
      throw refusal(`Entra does not hold the next certificate (${next.thumbprintSha256}) for ${domain} yet: run \`mfa-appliance graph rollover --domain ${domain}\` first and give Entra time to take it`, domain);
    }
    const lagging = await domainsNotHolding(deps, domain, nb);
    if (lagging.length > 0) {
      throw refusal(`every domain signs with the same key, and ${lagging.join(', ')} ${lagging.length === 1 ? 'does' : 'do'} not hold the next certificate yet: run \`mfa-appliance graph rollover --domain ${lagging[0] ?? ''}\` first`, domain);
    }
    current = await deps.keys.activateNext(actor);
    steps.push('activated_key');
  }
  const cb = base64(current);
  if (config.signingCertificate !== cb || (config.nextSigningCertificate ?? null) !== null) {
    if (config.signingCertificate !== cb && config.nextSigningCertificate !== cb) {
      throw refusal(`Entra holds neither the current certificate (${current.thumbprintSha256}) nor it as next for ${domain}: run \`mfa-appliance graph federate --domain ${domain}\``, domain);
    }
    await deps.graph.updateFederationConfiguration(domain, config.id, { signingCertificate: cb, nextSigningCertificate: null });
    steps.push('replaced_signing_certificate');
  }
  if (steps.length > 0) await audit('success', { thumbprint: current.thumbprintSha256 });
  return { domain, phase: 'activated', outcome: steps.length > 0 ? 'done' : 'already', keyId: current.id, thumbprint: current.thumbprintSha256, steps };
}

/** The domain's federation configuration in Entra; `ERR_FEDERATION` when it has none. */
async function federationOf(deps: DomainFederationDeps, domain: string): Promise<DomainFederation> {
  const [config] = await deps.graph.listFederationConfigurations(domain);
  if (config === undefined) throw refusal(`${domain} is not federated: run \`mfa-appliance graph federate --domain ${domain}\` first`, domain);
  return config;
}

/** Other `federation.domains` federated with our issuer whose configuration holds `certificate` neither as signing nor as next. */
async function domainsNotHolding(deps: DomainFederationDeps, domain: string, certificate: string): Promise<string[]> {
  const lagging: string[] = [];
  for (const other of resolveFederatedDomains(deps.config.federation.domains, deps.config.server.publicUrl)) {
    if (other.name === domain || (await deps.graph.getDomain(other.name)) === null) continue;
    for (const c of await deps.graph.listFederationConfigurations(other.name)) {
      if (c.issuerUri === other.issuer && c.signingCertificate !== certificate && c.nextSigningCertificate !== certificate) lagging.push(other.name);
    }
  }
  return lagging;
}

function refusal(message: string, domain: string): MfaError {
  return new MfaError('ERR_FEDERATION', message, { data: { domain } });
}
