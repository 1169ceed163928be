// SPDX-License-Identifier: UNLICENSED
/**
 * The Graph stand-in for `scripts/demo`: a sandbox tenant (agent/provisioning/sandbox) on
 * https://127.0.0.1:8444 with the demo's fixed tenant and app ids, the domain contoso.com and two
 * E3-style SKUs. Its state lives in memory: every demo start is a fresh tenant (the next
 * `graph sync` recreates the users). Writes its CA certificate for `graph.caFile`, then runs until killed.
 * Usage: node dist/scripts/demo-graph.js <ca-file> <client-secret-file>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createSystemClock } from '../agent/ports/clock.js';
import { createSystemRandom } from '../agent/ports/random.js';
import { createSandboxTenant } from '../agent/provisioning/sandbox/create-sandbox-tenant.js';
import { stopWithParent } from './stop-with-parent.js';

/** Fixed ids the demo configuration names (they identify nothing outside this demo). */
export const DEMO_TENANT_ID = '0d3e6c1a-5b7f-4e2a-9c11-de3000000001';
export const DEMO_CLIENT_ID = '0d3e6c1a-5b7f-4e2a-9c11-de3000000002';
const PORT = 8444;

async function main(): Promise<void> {
  const [caFile, secretFile] = process.argv.slice(2);
  if (!caFile || !secretFile) throw new Error('usage: demo-graph.js <ca-file> <client-secret-file>');
  const secret = readFileSync(secretFile, 'utf8').trim();
  const tenant = createSandboxTenant({
    clock: createSystemClock(), random: createSystemRandom(), tenantId: DEMO_TENANT_ID,
    domains: [{ name: 'contoso.com' }],
    skus: [
      { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabled: 25 },
      { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', enabled: 10 },
    ],
    apps: [{ clientId: DEMO_CLIENT_ID, secrets: [secret] }],
  });
  const listening = await tenant.listen({ port: PORT, host: '127.0.0.1' });
  writeFileSync(caFile, listening.caCertPem, { mode: 0o644 });
  console.log(`demo-graph: sandbox tenant ${DEMO_TENANT_ID} on ${listening.url}`);
  const stop = (): void => {
    void listening.close().finally(() => process.exit(0));
  };
  stopWithParent(stop);
}

await main();
