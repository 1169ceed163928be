// SPDX-License-Identifier: UNLICENSED
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import { MfaError } from '../../errors.js';
import { createAccessTokenSigner } from './create-access-token-signer.js';
import { createBodyValidator } from './create-body-validator.js';
import { createFaultPlan } from './create-fault-plan.js';
import { createSandboxRequestHandler } from './create-sandbox-request-handler.js';
import { createThrottle } from './create-throttle.js';
import type { SandboxCounters, SandboxListening, SandboxTenant } from './sandbox-tenant.js';
import type { SandboxTenantOptions } from './sandbox-tenant-options.js';
import { snapshotTenant } from './snapshot-tenant.js';
import { createTenantData } from './tenant-data.js';

/** Default access-token lifetime, as Entra's app-only tokens (`expires_in: 3599`). */
const TOKEN_LIFETIME_SECONDS = 3599;

/**
 * A local, Graph-compatible tenant for the demo and tests (reference §3–§6): the client-credentials token
 * endpoint and OIDC discovery, users, licences, groups, domains and federation configuration, deleted
 * items, delta, `$batch` and beta hardware OATH devices, with Graph's error bodies and throttling.
 * All state lives in the returned instance. `ERR_INVALID_INPUT` for malformed options.
 */
export function createSandboxTenant(options: SandboxTenantOptions): SandboxTenant {
  const { clock, random } = options;
  const data = createTenantData(options);
  const counters: SandboxCounters = { httpRequests: 0, requests: {}, writes: {}, throttled: {}, tokensIssued: 0, internalErrors: 0 };
  const faults = createFaultPlan();
  const hanging = new Set<ServerResponse>();
  const handler = createSandboxRequestHandler({
    ctx: {
      data, clock, random, options,
      validator: createBodyValidator(options.typeDataDir ?? null),
      countWrite: (kind) => {
        counters.writes[kind] = (counters.writes[kind] ?? 0) + 1;
      },
    },
    signer: createAccessTokenSigner(random.bytes(32), clock),
    throttle: createThrottle(options.throttle ?? {}, clock),
    faults,
    counters,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
    hanging,
  });
  let server: Server | null = null;

  return {
    tenantId: data.tenantId,
    async listen(opts = {}): Promise<SandboxListening> {
      if (server) throw new MfaError('ERR_INVALID_INPUT', 'the sandbox tenant is already listening');
      const { createSelfSignedCertificate } = await import('../../tls/create-self-signed-certificate.js');
      const { certPem, keyPem } = await createSelfSignedCertificate({
        commonName: 'localhost', altNames: ['localhost', '127.0.0.1', '::1'], profile: 'server', now: clock.now(), serial: random.bytes(16),
      });
      const srv = createServer({ cert: certPem, key: keyPem }, handler);
      server = srv;
      const host = opts.host ?? '127.0.0.1';
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(opts.port ?? 0, host, () => {
          srv.off('error', reject);
          resolve();
        });
      });
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return {
        url,
        authorityUrl: url,
        caCertPem: certPem,
        close: async () => {
          for (const res of hanging) res.destroy();
          hanging.clear();
          srv.closeAllConnections();
          await new Promise<void>((resolve) => srv.close(() => resolve()));
          server = null;
        },
      };
    },
    state: () => snapshotTenant(data),
    counters: () => structuredClone(counters),
    injectFault: (match, fault) => faults.add(match, fault),
    revokeSecret(opts = {}) {
      for (const app of data.apps.values()) {
        if (opts.clientId !== undefined && opts.clientId.toLowerCase() !== app.clientId) continue;
        app.secrets = opts.secret === undefined ? [] : app.secrets.filter((s) => s !== opts.secret);
      }
      if (opts.revokeIssuedTokens === true) data.tokenGeneration += 1;
    },
    expireTokens() {
      data.tokenGeneration += 1;
    },
    unstickDomain(name) {
      const domain = data.domains.get(name.toLowerCase());
      if (!domain) throw new MfaError('ERR_NOT_FOUND', `no domain ${name} in the sandbox tenant`);
      domain.stuck = false;
      domain.authenticationType = 'Managed';
    },
  };
}
