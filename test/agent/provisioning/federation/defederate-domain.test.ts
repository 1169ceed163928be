// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { ACTOR, useFederationWorld, failure } from './federation-world.js';

describe('defederateDomain against the sandbox tenant', () => {
  const world = useFederationWorld();

  test('Managed first, then the configuration deleted; audited; a rerun has nothing to do', async () => {
    const w = await world();
    const { configurationId } = await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    const r = await w.provisioner.defederateDomain('contoso.com', ACTOR);
    expect(r).toEqual({ domain: 'contoso.com', outcome: 'defederated', steps: ['managed', 'deleted'], configurationId });
    expect(w.domain('contoso.com')).toMatchObject({ authenticationType: 'Managed' });
    expect(w.tenant.state().federationConfigurations).toEqual([]);
    expect(await w.audited('graph.domain_defederated')).toEqual([{ subject: 'contoso.com', outcome: 'success', details: { configurationId } }]);
    const again = await w.provisioner.defederateDomain('contoso.com', ACTOR);
    expect(again).toEqual({ domain: 'contoso.com', outcome: 'already_managed', steps: [], configurationId: null });
    expect(await w.audited('graph.domain_defederated')).toHaveLength(1);
  });

  test('a run stopped between the steps finishes on the next one', async () => {
    const w = await world({ maxRetries: 0 });
    await w.provisioner.federateDomain('contoso.com', { actor: ACTOR });
    w.tenant.injectFault({ method: 'DELETE', path: /federationConfiguration\// }, { kind: 'status', status: 503 });
    const err = await failure(w.provisioner.defederateDomain('contoso.com', ACTOR));
    expect(err.code).toBe('ERR_GRAPH');
    expect(err.message).toContain('deleting the federation configuration for contoso.com failed');
    expect(err.message).toContain('rerun `mfa-appliance graph defederate --domain contoso.com`');
    expect(w.domain('contoso.com')).toMatchObject({ authenticationType: 'Managed' });
    expect(w.tenant.state().federationConfigurations).toHaveLength(1);
    expect((await w.audited('graph.domain_defederated')).map((a) => [a.outcome, a.details.reason])).toEqual([['failure', 'ServiceUnavailable']]);
    const r = await w.provisioner.defederateDomain('contoso.com', ACTOR);
    expect(r).toMatchObject({ outcome: 'defederated', steps: ['deleted'] });
    expect(w.tenant.state().federationConfigurations).toEqual([]);
  });

  test('a domain the tenant does not have is ERR_NOT_FOUND', async () => {
    const w = await world();
    expect((await failure(w.provisioner.defederateDomain('nowhere.net', ACTOR))).code).toBe('ERR_NOT_FOUND');
  });
});
