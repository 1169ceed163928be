// SPDX-License-Identifier: UNLICENSED
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { configSchema, type AppConfig } from '../../../../agent/config/schema.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createGraphClient } from '../../../../agent/provisioning/graph/create-graph-client.js';
import type { GraphClient } from '../../../../agent/provisioning/graph/graph-client.js';
import type { GraphCredential } from '../../../../agent/provisioning/graph/graph-credentials.js';
import type { GraphHooks } from '../../../../agent/provisioning/graph/graph-hooks.js';
import type { Sleep } from '../../../../agent/provisioning/graph/sleep.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { fakeTime } from './graph-fakes.js';
import { startHttpsStub, type HttpsStub, type StubGraph } from './https-stub.js';

export const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const SECRET = 'Qx8~sandbox.secret-Value_0123456789';

export interface StubWorld {
  stub: HttpsStub;
  graph: GraphClient;
  config: AppConfig['graph'];
  time: ReturnType<typeof fakeTime>;
  events: { retries: number; throttles: number; requests: number; waits: Array<{ reason: string; ms: number }> };
}

/** A Graph client on a fake clock (sleeps advance it) talking to a fresh HTTPS stub; all closed after the test. */
export function useStubWorld(): (graph: StubGraph, over?: Partial<AppConfig['graph']>, credential?: GraphCredential, sleep?: Sleep) => Promise<StubWorld> {
  const tempDir = useTempDir('mfa-graph-');
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return async (graph, over = {}, credential = { kind: 'secret', reveal: () => SECRET }, sleep) => {
    const stub = await startHttpsStub(graph);
    cleanups.push(() => stub.close());
    const caFile = join(tempDir(), 'ca.pem');
    writeFileSync(caFile, stub.caPem);
    const parsed = configSchema.parse({ graph: { tenantId: 't1', clientId: CLIENT_ID, baseUrl: stub.url, authorityHost: stub.url, caFile, maxRetries: 3 } }).graph;
    const config = { ...parsed, ...over };
    const time = fakeTime();
    const events: StubWorld['events'] = { retries: 0, throttles: 0, requests: 0, waits: [] };
    const hooks: GraphHooks = {
      onRequest: () => { events.requests++; },
      onRetry: () => { events.retries++; },
      onThrottle: (e) => { events.throttles += e.count; },
      onWait: (e) => { events.waits.push(e); },
    };
    const client = await createGraphClient(config, { credential, clock: time.clock, random: createSystemRandom(), logger: createNullLogger(), sleep: sleep ?? time.sleep, hooks });
    cleanups.push(() => client.close());
    return { stub, graph: client, config, time, events };
  };
}

/** A Graph error body (reference §4.5 shape). */
export function graphErrorBody(code: string, message: string, details: unknown[] = []): unknown {
  return { error: { code, message, details, innerError: { date: '2026-12-01T12:00:00', 'request-id': 'req-1', 'client-request-id': 'creq-1' } } };
}
