// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../../config/schema.js';
import { ConfigError, MfaError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import { createDomainOperations } from './domain-operations.js';
import { createGraphCore } from './create-graph-core.js';
import { createRetryingSender } from './create-retrying-sender.js';
import { createSdkWire } from './create-sdk-wire.js';
import { createTokenSource } from './create-token-source.js';
import { createTrustAgent } from './create-trust-agent.js';
import type { GraphClient } from './graph-client.js';
import type { GraphCredential } from './graph-credentials.js';
import type { GraphHooks } from './graph-hooks.js';
import { createOathDeviceOperations } from './oath-device-operations.js';
import { createRetryPolicy } from './retry-policy.js';
import { createSystemSleep, type Sleep } from './sleep.js';
import { createUserOperations } from './user-operations.js';
import { createWritePacer } from './write-pacer.js';

export interface GraphClientDeps {
  /** The opened app credential (`loadGraphCredential`). */
  credential: GraphCredential;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Default: real timers. Back-off and pacing waits go through it; request timeouts do not. */
  sleep?: Sleep;
  hooks?: GraphHooks;
}

/**
 * A Graph client for `config` (the `graph` section). Loads @azure/identity and the Graph SDK on
 * first call (`await import`), so processes that never provision never load them. No request is
 * made until the first call. Throws `ConfigError` when `tenantId` or `clientId` is unset, and
 * `ERR_CONFIG_FILE` when `caFile` cannot be read. See `GraphClient` for the behaviour contracts.
 */
export async function createGraphClient(config: AppConfig['graph'], deps: GraphClientDeps): Promise<GraphClient> {
  const { tenantId, clientId } = config;
  if (tenantId === null || clientId === null) {
    throw new ConfigError([{ path: tenantId === null ? 'graph.tenantId' : 'graph.clientId', message: 'must be set to provision to Microsoft Graph' }]);
  }
  const agent = createTrustAgent(config.caFile === null ? null : readCa(config.caFile));
  const logger = deps.logger.child({ module: 'graph' });
  const sleep = deps.sleep ?? createSystemSleep();
  const hooks = withLogging(deps.hooks ?? {}, logger);
  const tokens = await createTokenSource({
    tenantId, clientId, authorityHost: config.authorityHost, scope: `${new URL(config.baseUrl).origin}/.default`,
    credential: deps.credential, agent, timeoutMs: config.timeoutMs,
  });
  const wire = await createSdkWire({ baseUrl: config.baseUrl, tokens, agent, timeoutMs: config.timeoutMs });
  const pacer = createWritePacer({ writesPerWindow: config.writesPerWindow, windowMs: config.writeWindowSeconds * 1000, clock: deps.clock, sleep, hooks });
  const retry = createRetryPolicy({ maxRetries: config.maxRetries }, deps.random);
  const send = createRetryingSender({ wire, pacer, retry, clock: deps.clock, sleep, hooks });
  const core = createGraphCore({ baseUrl: config.baseUrl, send, pacer, retry, clock: deps.clock, sleep, hooks });
  return {
    ...core,
    ...createUserOperations(core, config.baseUrl),
    ...createDomainOperations(core),
    ...createOathDeviceOperations(core),
    async close() {
      wire.close();
    },
  };
}

function readCa(file: string): string {
  try {
    const pem = readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
    return pem;
  } catch (cause) {
    throw new MfaError('ERR_CONFIG_FILE', `graph.caFile ${file} is not a readable PEM certificate file`, { data: { path: 'graph.caFile', file }, cause });
  }
}

function withLogging(hooks: GraphHooks, logger: Logger): GraphHooks {
  return {
    ...hooks,
    onRetry(e) {
      logger.debug({ ...e }, 'graph request retried');
      hooks.onRetry?.(e);
    },
    onThrottle(e) {
      logger.warn({ ...e }, 'graph throttled (429)');
      hooks.onThrottle?.(e);
    },
  };
}
