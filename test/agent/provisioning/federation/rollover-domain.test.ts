// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { ACTOR, useFederationWorld, type FederationWorld, failure } from './federation-world.js';

const b64 = (c: { certificateDer: Buffer }): string => c.certificateDer.toString('base64');

async function federated(opts: Parameters<ReturnType<typeof useFederationWorld>>[0] = {}, world: ReturnType<typeof useFederationWorld>): Promise<FederationWorld & { first: string }> {
  const w = await world(opts);
  const first = (await w.keys.published()).current;
  for (const d of opts.domains ? ['contoso.com', 'contoso.org'] : ['contoso.com']) {
    expect((await w.provisioner.federateDomain(d, { actor: ACTOR })).outcome).toBe('federated');
  }
  return { ...w, first: b64(first) };
}

describe('rolloverDomain against the sandbox tenant', () => {
  const world = useFederationWorld();

  test('phase 1 publishes a new next certificate; phase 2 signs with it and makes it Entra\'s signing certificate; reruns do nothing', async () => {
    const w = await federated({}, world);
    const old = await w.keys.current();
    const p1 = await w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR });
    const next = (await w.keys.published()).next;
    expect(next).not.toBeNull();
    expect(p1).toEqual({ domain: 'contoso.com', phase: 'published', outcome: 'done', keyId: next?.id, thumbprint: next?.thumbprintSha256, steps: ['generated_next', 'published_next'] });
    expect(w.configuration('contoso.com')).toMatchObject({ signingCertificate: w.first, nextSigningCertificate: b64(next ?? { certificateDer: Buffer.alloc(0) }) });
    expect((await w.keys.current()).id).toBe(old.id);
    expect((await w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR })).outcome).toBe('already');

    const p2 = await w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR });
    expect(p2).toMatchObject({ phase: 'activated', outcome: 'done', keyId: next?.id, steps: ['activated_key', 'replaced_signing_certificate'] });
    expect((await w.keys.current()).id).toBe(next?.id);
    expect(w.configuration('contoso.com')).toMatchObject({ signingCertificate: b64(next ?? { certificateDer: Buffer.alloc(0) }), nextSigningCertificate: null });
    expect((await w.keys.list()).find((k) => k.id === old.id)?.state).toBe('retired');
    expect(await w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR })).toMatchObject({ outcome: 'already', steps: [] });
    expect((await w.provisioner.federateDomain('contoso.com', { actor: ACTOR })).outcome).toBe('already_federated');
    expect((await w.audited('graph.certificate_rolled')).map((a) => [a.outcome, a.details.phase, a.details.thumbprint])).toEqual([
      ['success', 'published', next?.thumbprintSha256], ['success', 'activated', next?.thumbprintSha256],
    ]);
  });

  test('phase 2 is refused while Entra does not hold the next certificate; nothing changes', async () => {
    const w = await federated({}, world);
    const old = await w.keys.current();
    await w.keys.generateNext(ACTOR);
    const err = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR }));
    expect(err.code).toBe('ERR_FEDERATION');
    expect(err.message).toContain('run `mfa-appliance graph rollover --domain contoso.com` first');
    expect((await w.keys.current()).id).toBe(old.id);
    expect(w.configuration('contoso.com')).toMatchObject({ signingCertificate: w.first, nextSigningCertificate: null });
    expect((await w.audited('graph.certificate_rolled')).map((a) => [a.outcome, a.details.reason])).toEqual([['failure', 'ERR_FEDERATION']]);
  });

  test('an interrupted phase 1 resumes without a second key; an interrupted phase 2 resumes with the PATCH only', async () => {
    const w = await federated({ maxRetries: 0 }, world);
    w.tenant.injectFault({ method: 'PATCH', path: /federationConfiguration\// }, { kind: 'status', status: 503 });
    const e1 = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR }));
    expect(e1.message).toContain('rerun `mfa-appliance graph rollover --domain contoso.com`');
    const next = (await w.keys.published()).next;
    expect(next).not.toBeNull();
    expect(w.configuration('contoso.com')?.nextSigningCertificate).toBeNull();
    const p1 = await w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR });
    expect(p1).toMatchObject({ outcome: 'done', keyId: next?.id, steps: ['published_next'] });
    expect((await w.keys.list()).filter((k) => k.state === 'next')).toHaveLength(1);

    w.tenant.injectFault({ method: 'PATCH', path: /federationConfiguration\// }, { kind: 'status', status: 503 });
    const e2 = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR }));
    expect(e2.message).toContain('--activate');
    expect((await w.keys.current()).id).toBe(next?.id);
    expect(w.configuration('contoso.com')).toMatchObject({ signingCertificate: w.first, nextSigningCertificate: b64(next ?? { certificateDer: Buffer.alloc(0) }) });
    const refused = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR }));
    expect(refused).toMatchObject({ code: 'ERR_FEDERATION', message: expect.stringContaining('--activate') as unknown });
    const p2 = await w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR });
    expect(p2).toMatchObject({ outcome: 'done', keyId: next?.id, steps: ['replaced_signing_certificate'] });
    expect(w.configuration('contoso.com')).toMatchObject({ signingCertificate: b64(next ?? { certificateDer: Buffer.alloc(0) }), nextSigningCertificate: null });
  });

  test('with two federated domains the key is swapped only once both hold the next certificate', async () => {
    const w = await federated({ domains: ['{ name: contoso.com }', '{ name: contoso.org }'] }, world);
    await w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR });
    const err = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR }));
    expect(err).toMatchObject({ code: 'ERR_FEDERATION', message: expect.stringContaining('contoso.org does not hold the next certificate') as unknown });
    const org = await w.provisioner.rolloverDomain('contoso.org', { activate: false, actor: ACTOR });
    expect(org.steps).toEqual(['published_next']);
    expect((await w.provisioner.rolloverDomain('contoso.com', { activate: true, actor: ACTOR })).steps).toEqual(['activated_key', 'replaced_signing_certificate']);
    // contoso.org still trusts the new key as its next certificate, so sign-ins keep working until it is activated there too.
    const current = b64(await w.keys.current());
    expect(w.configuration('contoso.org')).toMatchObject({ signingCertificate: w.first, nextSigningCertificate: current });
    expect((await w.provisioner.rolloverDomain('contoso.org', { activate: true, actor: ACTOR })).steps).toEqual(['replaced_signing_certificate']);
    expect(w.configuration('contoso.org')).toMatchObject({ signingCertificate: current, nextSigningCertificate: null });
  });

  test('a domain that is not federated is refused', async () => {
    const w = await world();
    const err = await failure(w.provisioner.rolloverDomain('contoso.com', { activate: false, actor: ACTOR }));
    expect(err).toMatchObject({ code: 'ERR_FEDERATION', message: expect.stringContaining('graph federate --domain contoso.com') as unknown });
    expect((await w.keys.published()).next).toBeNull();
  });
});
