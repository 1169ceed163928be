// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import type { SyncOutcome } from '../../../../agent/provisioning/sync/create-sync-engine.js';
import { ACTOR, SECOND_SECRET, useSyncWorld, type SyncWorld } from './sync-world.js';

const STAFF = '{ group: staff, usageLocation: US, licenses: [ENTERPRISEPACK], deprovision: disable, entraGroupId: "$ENTRA" }';

async function addStaff(w: SyncWorld, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await w.addUser(`user${i}@contoso.com`, ['staff']);
}

/** The tenant holds exactly the `n` users, each created once, licensed, in the group and linked. */
async function expectConverged(w: SyncWorld, n: number): Promise<void> {
  const state = w.tenant.state();
  expect(state.users).toHaveLength(n);
  expect(new Set(state.users.map((u) => u.userPrincipalName)).size).toBe(n);
  expect(w.tenant.counters().writes['create user']).toBe(n);
  expect(state.users.every((u) => (u.assignedLicenses as unknown[]).length === 1)).toBe(true);
  expect(state.groups.find((g) => g.id === w.entraGroupId)?.members).toHaveLength(n);
  const links = await w.services.store.provisioning.listLinks();
  expect(links.map((l) => l.entraId).sort()).toEqual(state.users.map((u) => String(u.id)).sort());
  expect((await w.provisioner.dryRun()).plan.changes).toEqual([]);
}

describe('applyRun faults end in a clear, resumable state', () => {
  const world = useSyncWorld();

  test('503s beyond the retries on $batch: run failed with every change pending, then a rerun converges', async () => {
    const w = await world({ groups: [STAFF], graph: { maxRetries: 2 } });
    await addStaff(w, 30);
    w.tenant.injectFault({ method: 'POST', path: '/v1.0/$batch', times: 12 }, { kind: 'status', status: 503 });
    const first = await w.provisioner.sync({ actor: ACTOR });
    expect(first.report).toMatchObject({ status: 'failed', error: { code: 'ERR_GRAPH' }, counts: { done: 0, failed: 0 } });
    expect(first.report?.counts.pending).toBe(first.report?.counts.planned);
    expect(first.report?.error?.message).toContain('503');
    const status = await w.provisioner.status();
    expect(status.lastRun).toMatchObject({ status: 'failed' });
    expect(status.lastError).toMatchObject({ code: 'ERR_GRAPH', runId: first.report?.runId });
    const second = await w.provisioner.sync({ actor: ACTOR });
    expect(second.report).toMatchObject({ status: 'done', error: null });
    expect((await w.provisioner.status()).lastError).toBeNull();
    await expectConverged(w, 30);
  });

  test('429 storm under a quota far below the configured one: runs stop or fail per entry, reruns converge without duplicates', async () => {
    const w = await world({ groups: [STAFF], graph: { maxRetries: 1 }, tenant: { throttle: { writesPerWindow: 8, windowMs: 10_000 } } });
    await addStaff(w, 24);
    const reports: SyncOutcome[] = [];
    for (let i = 0; i < 40; i++) {
      const out = await w.provisioner.sync({ actor: ACTOR });
      reports.push(out);
      if (out.report?.status === 'done') break;
    }
    expect(reports.at(-1)?.report?.status).toBe('done');
    expect(reports.length).toBeGreaterThan(1);
    const failedRun = reports.find((r) => r.report?.status === 'failed');
    const runId = failedRun?.report?.runId ?? '';
    const failed = await w.services.store.provisioning.journal(runId, 'failed');
    expect(failedRun?.report?.error?.code ?? failed[0]?.result?.code).toBe('ERR_GRAPH_THROTTLED');
    expect(w.tenant.counters().throttled.WriteLimitExceeded).toBeGreaterThan(0);
    await expectConverged(w, 24);
  });

  test('a secret revoked mid-run: run failed with ERR_GRAPH_AUTH; a new credential and a rerun converge', async () => {
    let revoke = (): void => {};
    const w = await world({
      groups: [STAFF],
      hooks: { graph: { onRequest: (e) => { if (e.path.includes('$batch') && e.status === 200) revoke(); } } },
    });
    revoke = () => w.tenant.revokeSecret({ secret: 'Sbx~first.secret_0123456789-abcdefgh', revokeIssuedTokens: true });
    await addStaff(w, 60);
    const first = await w.provisioner.sync({ actor: ACTOR });
    revoke = () => {};
    expect(first.report).toMatchObject({ status: 'failed', error: { code: 'ERR_GRAPH_AUTH' } });
    expect(first.report?.counts.pending).toBeGreaterThan(0);
    expect(first.report?.error?.message).toContain('AADSTS7000215');
    expect((await w.provisioner.status()).lastError).toMatchObject({ code: 'ERR_GRAPH_AUTH' });
    await expect(w.provisioner.sync({ actor: ACTOR })).rejects.toMatchObject({ code: 'ERR_GRAPH_AUTH' });
    await w.provisioner.storeCredential({ kind: 'secret', secret: SECOND_SECRET }, ACTOR);
    const second = await w.provisioner.sync({ actor: ACTOR });
    expect(second.report).toMatchObject({ status: 'done' });
    await expectConverged(w, 60);
  });
});
