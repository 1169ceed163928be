// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../../../agent/errors.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Actor } from '../../../../agent/actor.js';
import { createSigningKeys } from '../../../../agent/federation/keys/create-signing-keys.js';
import type { SigningKeys } from '../../../../agent/federation/keys/signing-keys.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import type { Clock } from '../../../../agent/ports/clock.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createProvisioner, type Provisioner } from '../../../../agent/provisioning/create-provisioner.js';
import { createGraphClient } from '../../../../agent/provisioning/graph/create-graph-client.js';
import type { GraphClient } from '../../../../agent/provisioning/graph/graph-client.js';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import type { SandboxDomainOptions } from '../../../../agent/provisioning/sandbox/sandbox-tenant-options.js';
import type { AppConfig } from '../../../../agent/config/schema.js';
import type { Services } from '../../../../agent/main.js';
import { useTestServices } from '../../../helpers/open-test-services.js';
import { fakeTime } from '../graph/graph-fakes.js';
import { TYPE_DATA_DIR } from '../sandbox/sandbox-fixture.js';

export const CLIENT_ID = '6a1d2b3c-4d5e-4f60-8a71-92b3c4d5e6f7';
export const SECRET = 'Fed~sandbox.secret_0123456789-abcdefgh';
export const ADMIN_SECRET = 'Fed~admin.secret_0123456789-abcdefghi';
export const ACTOR: Actor = { id: 'cli:tester', source: 'cli' };
export const PUBLIC_URL = 'https://mfa.contoso.com';

/** The MfaError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(p: Promise<unknown>): Promise<MfaError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MfaError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const random = createSystemRandom();

export interface FederationWorldOptions {
  /** Flow mappings of `federation.domains`. @default ['{ name: contoso.com }'] */
  domains?: string[];
  /** Domains of the sandbox tenant. @default contoso.com, contoso.org (verified), fabrikam.com (unverified) */
  tenantDomains?: SandboxDomainOptions[];
  requireSignedRequests?: boolean;
  /** `graph.maxRetries`. @default 2 */
  maxRetries?: number;
  /** Validity of generated signing certificates. @default 365 */
  validityDays?: number;
  /** Clock of the signing keys (certificate dates); default the world's clock. */
  keysClock?: Clock;
  /** Create the first signing key. @default true */
  withKey?: boolean;
}

export interface FederationWorld {
  tenant: SandboxTenant;
  /** A client of the test itself, for changes "made in Entra by someone else". */
  admin: GraphClient;
  services: Services;
  keys: SigningKeys;
  provisioner: Provisioner;
  time: ReturnType<typeof fakeTime>;
  /** Adds local users to the provisioning group and runs `graph sync`, so Entra has them with their immutable IDs. */
  provision(upns: string[]): Promise<void>;
  /** The domain's federation configuration as the sandbox holds it, or undefined. */
  configuration(domain: string): Record<string, unknown> | undefined;
  domain(name: string): Record<string, unknown> | undefined;
  /** Audit records of `event`, oldest first. */
  audited(event: string): Promise<Array<{ subject: string | null; outcome: string; details: Record<string, unknown> }>>;
}

/**
 * A sandbox tenant (request bodies checked against Microsoft's type data) with an app (two secrets: one for the provisioner, one for the test's own admin client)
 * and the real services on a temp SQLite store, sharing one fake clock whose sleeps advance it; config with
 * `server.publicUrl` https://mfa.contoso.com, `federation.domains` and one provisioning group `staff`.
 */
export function useFederationWorld(): (opts?: FederationWorldOptions) => Promise<FederationWorld> {
  const openServices = useTestServices();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return async (opts = {}) => {
    const time = fakeTime(Date.now());
    const tenant = createSandboxTenant({
      clock: time.clock, random, apps: [{ clientId: CLIENT_ID, secrets: [SECRET, ADMIN_SECRET] }],
      domains: opts.tenantDomains ?? [{ name: 'contoso.com' }, { name: 'contoso.org' }, { name: 'fabrikam.com', isVerified: false }],
      typeDataDir: TYPE_DATA_DIR,
    });
    const listening = await tenant.listen();
    cleanups.push(() => listening.close());
    const { dir, services } = await openServices();
    writeFileSync(join(dir, 'sandbox-ca.pem'), listening.caCertPem);
    const graph = {
      tenantId: tenant.tenantId, clientId: CLIENT_ID, baseUrl: listening.url, authorityHost: listening.authorityUrl, caFile: join(dir, 'sandbox-ca.pem'),
      timeoutMs: 5000, maxRetries: opts.maxRetries ?? 2,
    };
    writeFileSync(join(dir, 'config.yaml'), [
      `dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', `server: { publicUrl: ${JSON.stringify(PUBLIC_URL)} }`,
      'graph:', ...Object.entries(graph).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
      '  sync:', '    groups:', '      - { group: staff, usageLocation: US }',
      'federation:', '  domains:', ...(opts.domains ?? ['{ name: contoso.com }']).map((d) => `    - ${d}`),
      `  saml: { requireSignedRequests: ${opts.requireSignedRequests === true} }`,
    ].join('\n'));
    const { loadConfig } = await import('../../../../agent/config/index.js');
    const config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
    const admin = await createGraphClient(config.graph as AppConfig['graph'], { credential: { kind: 'secret', reveal: () => ADMIN_SECRET }, clock: time.clock, random, logger: createNullLogger(), sleep: time.sleep });
    cleanups.push(() => admin.close());
    const keys = createSigningKeys({
      store: services.store, vault: services.vault, audit: services.audit, clock: opts.keysClock ?? time.clock, random, logger: createNullLogger(),
      keyBits: 2048, validityDays: opts.validityDays ?? 365, commonName: 'mfa-appliance signing mfa.contoso.com',
    });
    if (opts.withKey !== false) await keys.ensureCurrent(ACTOR);
    const provisioner = createProvisioner({
      config, store: services.store, vault: services.vault, audit: services.audit, clock: time.clock, random, logger: createNullLogger(), sleep: time.sleep, signingKeys: keys,
    });
    cleanups.push(() => provisioner.close());
    await provisioner.storeCredential({ kind: 'secret', secret: SECRET }, ACTOR);
    await services.directory.groups.add({ name: 'staff' }, ACTOR);
    return {
      tenant, admin, services, keys, provisioner, time,
      async provision(upns) {
        for (const upn of upns) {
          await services.directory.users.add({ upn, displayName: upn.split('@')[0] ?? upn }, ACTOR);
          await services.directory.groups.addMember('staff', upn, ACTOR);
        }
        const out = await provisioner.sync({ actor: ACTOR });
        if (out.report?.status !== 'done') throw new Error(`sync did not finish: ${JSON.stringify(out.report)}`);
      },
      configuration: (domain) => tenant.state().federationConfigurations.find((f) => f.domainId === domain),
      domain: (name) => tenant.state().domains.find((d) => d.id === name),
      async audited(event) {
        return (await services.store.audit.list(0, 1000)).filter((r) => r.event === event).map((r) => ({ subject: r.subject, outcome: r.outcome, details: r.details }));
      },
    };
  };
}
