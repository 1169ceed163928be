// SPDX-License-Identifier: UNLICENSED
import { chmodSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import { createSandboxTenant } from './create-sandbox-tenant.js';
import type { SandboxTenant } from './sandbox-tenant.js';
import type { SandboxTenantOptions } from './sandbox-tenant-options.js';

/** Microsoft's published SKU ids for Office 365 E3 and Microsoft 365 E3. */
const DEMO_SKUS = [
  { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabled: 25 },
  { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', enabled: 10 },
];

export interface StartSandboxOptions {
  clock: Clock;
  random: Random;
  /** Where the sandbox CA certificate (PEM) is written, for `graph.caFile`. */
  caFile: string;
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Custom domains. @default [{ name: 'demo.example' }] */
  domains?: SandboxTenantOptions['domains'];
  /** Microsoft's Graph type data (see `SandboxTenantOptions.typeDataDir`). @default null */
  typeDataDir?: string | null;
  /** Receives one human-readable line per fact (URL, tenant, client id, CA file). */
  print: (line: string) => void;
}

export interface StartedSandbox {
  tenant: SandboxTenant;
  /** `graph.baseUrl` and `graph.authorityHost`. */
  url: string;
  tenantId: string;
  clientId: string;
  /** The demo app's client secret; store it like any Graph secret (sealed in the vault). */
  clientSecret: string;
  caFile: string;
  close(): Promise<void>;
}

/**
 * Starts a sandbox tenant for the demo: one app registration with a random client secret, the demo
 * domains and SKUs; writes the CA certificate to `caFile` (mode 0644) and prints where everything is.
 */
export async function startSandbox(opts: StartSandboxOptions): Promise<StartedSandbox> {
  const clientId = opts.random.uuid();
  const clientSecret = opts.random.bytes(30).toString('base64url');
  const tenant = createSandboxTenant({
    clock: opts.clock, random: opts.random, domains: opts.domains ?? [{ name: 'demo.example' }], skus: DEMO_SKUS,
    apps: [{ clientId, secrets: [clientSecret] }], typeDataDir: opts.typeDataDir ?? null,
  });
  const listening = await tenant.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  writeFileSync(opts.caFile, listening.caCertPem, { mode: 0o644 });
  chmodSync(opts.caFile, 0o644);
  opts.print(`sandbox tenant listening on ${listening.url}`);
  opts.print(`  graph.baseUrl / graph.authorityHost: ${listening.url}`);
  opts.print(`  graph.tenantId: ${tenant.tenantId}`);
  opts.print(`  graph.clientId: ${clientId}`);
  opts.print(`  graph.caFile: ${opts.caFile}`);
  return { tenant, url: listening.url, tenantId: tenant.tenantId, clientId, clientSecret, caFile: opts.caFile, close: listening.close };
}
