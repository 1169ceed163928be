// SPDX-License-Identifier: UNLICENSED
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Actor } from '../../../../agent/actor.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createProvisioner, type Provisioner, type ProvisionerDeps } from '../../../../agent/provisioning/create-provisioner.js';
import { createGraphClient } from '../../../../agent/provisioning/graph/create-graph-client.js';
import type { GraphClient } from '../../../../agent/provisioning/graph/graph-client.js';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import type { SandboxTenantOptions } from '../../../../agent/provisioning/sandbox/sandbox-tenant-options.js';
import type { Services } from '../../../../agent/main.js';
import { useTestServices } from '../../../helpers/open-test-services.js';
import { fakeTime } from '../graph/graph-fakes.js';

export const CLIENT_ID = '0f4bd0a6-3c07-4a8e-8a3c-3b1e6a4fd2c1';
export const SECRET = 'Sbx~first.secret_0123456789-abcdefgh';
export const SECOND_SECRET = 'Sbx~second.secret_0123456789-abcdef';
export const E3 = { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabled: 5000 };
export const E5 = { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'ENTERPRISEPREMIUM', enabled: 5000 };
export const ACTOR: Actor = { id: 'cli:tester', source: 'cli' };
const random = createSystemRandom();

export interface WorldOptions {
  /** YAML of `graph.sync.groups` entries (one flow mapping per line); `$ENTRA` becomes the Entra group id. */
  groups: string[];
  defaultUsageLocation?: string;
  /** Overrides of `graph.*` pacing and retry keys. */
  graph?: { maxRetries?: number; writesPerWindow?: number; writeWindowSeconds?: number; timeoutMs?: number };
  tenant?: Partial<SandboxTenantOptions>;
  hooks?: ProvisionerDeps['hooks'];
}

export interface SyncWorld {
  tenant: SandboxTenant;
  /** A client of the test itself, for changes "made in Entra by someone else". */
  admin: GraphClient;
  entraGroupId: string;
  services: Services;
  provisioner: Provisioner;
  time: ReturnType<typeof fakeTime>;
  /** Adds a local user (no password) and puts it in `groups`. */
  addUser(upn: string, groups: string[], opts?: { enabled?: boolean; displayName?: string }): Promise<string>;
  immutableIdOf(upn: string): Promise<string>;
}

/**
 * A sandbox tenant (contoso.com, E3 and E5, one app with two secrets, one Entra group) and the real
 * services on a temp SQLite store, sharing one fake clock whose sleeps advance it; the provisioner has
 * the first secret stored. Local groups named in `groups` are created.
 */
export function useSyncWorld(): (opts: WorldOptions) => Promise<SyncWorld> {
  const openServices = useTestServices();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return async (opts) => {
    const time = fakeTime(Date.now());
    const tenant = createSandboxTenant({
      clock: time.clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET, SECOND_SECRET] }], domains: [{ name: 'contoso.com' }],
      skus: [E3, E5], ...opts.tenant,
    });
    const listening = await tenant.listen();
    cleanups.push(() => listening.close());
    const { dir, services } = await openServices(`graph:\n  tenantId: ${tenant.tenantId}\n`);
    const caFile = join(dir, 'sandbox-ca.pem');
    writeFileSync(caFile, listening.caCertPem);
    const graphConfig = {
      tenantId: tenant.tenantId, clientId: CLIENT_ID, baseUrl: listening.url, authorityHost: listening.authorityUrl, caFile,
      timeoutMs: 5000, maxRetries: 6, writesPerWindow: 3000, writeWindowSeconds: 150,
      sync: { defaultUsageLocation: opts.defaultUsageLocation ?? null, intervalMinutes: null, groups: [] }, ...opts.graph,
    };
    const admin = await createGraphClient(graphConfig, { credential: { kind: 'secret', reveal: () => SECOND_SECRET }, clock: time.clock, random, logger: createNullLogger(), sleep: time.sleep });
    cleanups.push(() => admin.close());
    const group = await admin.request<{ id: string }>({ method: 'POST', path: '/groups', body: { displayName: 'Staff', mailEnabled: false, mailNickname: 'staff', securityEnabled: true } });
    const entraGroupId = group.body?.id ?? '';
    const { loadConfig } = await import('../../../../agent/config/index.js');
    const yaml = [
      `dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', 'graph:',
      ...Object.entries({ ...graphConfig, sync: undefined }).filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
      '  sync:', `    defaultUsageLocation: ${JSON.stringify(opts.defaultUsageLocation ?? null)}`, '    groups:',
      ...opts.groups.map((g) => `      - ${g.replace('$ENTRA', entraGroupId)}`),
    ].join('\n');
    writeFileSync(join(dir, 'config.yaml'), yaml);
    const config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
    const provisioner = createProvisioner({
      config, store: services.store, vault: services.vault, audit: services.audit, clock: time.clock, random, logger: createNullLogger(),
      sleep: time.sleep, ...(opts.hooks ? { hooks: opts.hooks } : {}),
    });
    cleanups.push(() => provisioner.close());
    await provisioner.storeCredential({ kind: 'secret', secret: SECRET }, ACTOR);
    const made = new Set<string>();
    for (const line of opts.groups) {
      const name = /group: ([\w-]+)/.exec(line)?.[1];
      if (name !== undefined && !made.has(name)) {
        made.add(name);
        await services.directory.groups.add({ name }, ACTOR);
      }
    }
    return {
      tenant, admin, entraGroupId, services, provisioner, time,
      async addUser(upn, groups, o = {}) {
        const u = await services.directory.users.add({ upn, displayName: o.displayName ?? upn.split('@')[0] ?? upn, enabled: o.enabled ?? true }, ACTOR);
        for (const g of groups) {
          if (!made.has(g)) {
            made.add(g);
            await services.directory.groups.add({ name: g }, ACTOR);
          }
          await services.directory.groups.addMember(g, upn, ACTOR);
        }
        return u.id;
      },
      async immutableIdOf(upn) {
        return (await services.directory.users.get(upn)).immutableId;
      },
    };
  };
}
