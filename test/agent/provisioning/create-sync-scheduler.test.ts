// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createSyncScheduler } from '../../../agent/provisioning/create-sync-scheduler.js';
import { useSyncWorld } from './sync/sync-world.js';

const STAFF = '{ group: staff, usageLocation: US, licenses: [ENTERPRISEPACK], deprovision: disable, entraGroupId: "$ENTRA" }';

describe('createSyncScheduler', () => {
  const world = useSyncWorld();

  test('syncs on its own as the system actor, picks up later directory changes, and stop waits for the run', async () => {
    const w = await world({ groups: [STAFF] });
    for (let i = 0; i < 5; i++) await w.addUser(`user${i}@contoso.com`, ['staff']);
    const scheduler = createSyncScheduler({ provisioner: w.provisioner, intervalMs: 50, firstDelayMs: 0, logger: createNullLogger() });
    scheduler.start();
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('the scheduled sync did not happen in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => w.tenant.state().users.length === 5);
    await w.addUser('late@contoso.com', ['staff']);
    await until(() => w.tenant.state().users.some((u) => u.userPrincipalName === 'late@contoso.com'));
    await scheduler.stop();
    const writes = w.tenant.counters().writes['create user'];
    await new Promise((r) => setTimeout(r, 200));
    expect(w.tenant.counters().writes['create user']).toBe(writes);
    expect(writes).toBe(6);
    const started = await w.services.store.audit.recent(1, { event: 'graph.sync_started' });
    expect(started[0]?.actor).toBe('system');
  });
});
