// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import type { BatchRequest } from '../../../../agent/provisioning/graph/graph-client.js';
import { graphErrorBody, useStubWorld } from './graph-stub-world.js';
import type { StubRequest } from './https-stub.js';

interface WireInner { id: string; method: string; url: string; dependsOn?: string[]; body?: unknown; headers?: Record<string, string> }
const innerOf = (r: StubRequest | undefined): WireInner[] => (JSON.parse(r?.body ?? '{}') as { requests: WireInner[] }).requests;

describe('GraphClient.batch against a wire-level HTTPS stub', () => {
  const world = useStubWorld();

  test('45 writes go out as $batch POSTs of at most 20 with the JSON body and Content-Type per request', async () => {
    const w = await world((r) => ({ status: 200, json: { responses: innerOf(r).map((i) => ({ id: i.id, status: 201, headers: {}, body: { id: `obj-${i.id}` } })).reverse() } }));
    const reqs: BatchRequest[] = Array.from({ length: 45 }, (_, i) => ({ id: String(i + 1), method: 'POST', path: '/users', body: { n: i } }));
    const results = await w.graph.batch(reqs);
    expect(results.map((r) => [r.id, r.status, (r.body as { id: string }).id])).toEqual(reqs.map((r) => [r.id, 201, `obj-${r.id}`]));
    // Batches travel concurrently, so their arrival order is free.
    expect(w.stub.graphRequests.map((r) => [r.method, r.url, innerOf(r).length]).sort((a, b) => Number(b[2]) - Number(a[2]))).toEqual([['POST', '/v1.0/$batch', 20], ['POST', '/v1.0/$batch', 20], ['POST', '/v1.0/$batch', 5]]);
    expect(w.stub.graphRequests.flatMap(innerOf).find((i) => i.id === '1')).toEqual({ id: '1', method: 'POST', url: '/users', headers: { 'Content-Type': 'application/json' }, body: { n: 0 } });
  });

  test('inner 429s are retried alone after their Retry-After, with the requests that got 424 because of them', async () => {
    let round = 0;
    const w = await world((r) => {
      round++;
      const inner = innerOf(r);
      return {
        status: 200,
        json: {
          responses: inner.map((i) => {
            if (round === 1 && (i.id === 'u2' || i.id === 'x')) return { id: i.id, status: 429, headers: { 'Retry-After': '4' }, body: graphErrorBody('TooManyRequests', 'slow') };
            if (round === 1 && i.id === 'lic2') return { id: i.id, status: 424, body: graphErrorBody('FailedDependency', 'dependency failed') };
            if (i.id === 'bad') return { id: i.id, status: 400, body: graphErrorBody('Request_BadRequest', 'SourceAnchor is a required property for creation of a federated user.') };
            return { id: i.id, status: i.method === 'POST' ? 201 : 204, body: i.method === 'POST' ? { id: `obj-${i.id}` } : undefined };
          }),
        },
      };
    });
    const reqs: BatchRequest[] = [
      { id: 'u1', method: 'POST', path: '/users', body: { u: 1 } },
      { id: 'u2', method: 'POST', path: '/users', body: { u: 2 } },
      { id: 'lic2', method: 'POST', path: '/users/u2@contoso.com/assignLicense', body: { addLicenses: [], removeLicenses: [] }, dependsOn: ['u2'] },
      { id: 'x', method: 'PATCH', path: '/users/x', body: { displayName: 'X' } },
      { id: 'bad', method: 'POST', path: '/users', body: {} },
    ];
    const t0 = w.time.clock.now();
    const results = await w.graph.batch(reqs);
    expect(results.map((r) => [r.id, r.status])).toEqual([['u1', 201], ['u2', 201], ['lic2', 201], ['x', 204], ['bad', 400]]);
    expect(results[4]?.error).toMatchObject({ code: 'ERR_GRAPH', data: { status: 400, graphCode: 'Request_BadRequest', message: 'SourceAnchor is a required property for creation of a federated user.' } });
    expect(results.slice(0, 4).every((r) => r.error === null)).toBe(true);
    const second = innerOf(w.stub.graphRequests[1]);
    expect(second.map((i) => [i.id, i.dependsOn ?? []])).toEqual([['u2', []], ['lic2', ['u2']], ['x', []]]);
    expect(w.time.clock.now() - t0).toBeGreaterThanOrEqual(4000);
    expect(w.events.throttles).toBe(2);
  });

  test('inner 503s that outlast the retries come back as results with their error, the rest succeed', async () => {
    const w = await world((r) => ({
      status: 200,
      json: { responses: innerOf(r).map((i) => (i.id === 'sick' ? { id: i.id, status: 503, body: graphErrorBody('serviceNotAvailable', 'down') } : { id: i.id, status: 204 })) },
    }));
    const results = await w.graph.batch([
      { id: 'ok', method: 'DELETE', path: '/groups/g/members/u/$ref' },
      { id: 'sick', method: 'DELETE', path: '/users/u' },
    ]);
    expect(results.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([['ok', 204, null], ['sick', 503, 'ERR_GRAPH']]);
    expect(w.stub.graphRequests.map((r) => innerOf(r).map((i) => i.id))).toEqual([['ok', 'sick'], ['sick'], ['sick'], ['sick']]);
  });

  test('a $batch answer without responses is a clear protocol error', async () => {
    const w = await world(() => ({ status: 200, json: { value: [] } }));
    await expect(w.graph.batch([{ id: '1', method: 'GET', path: '/users' }])).rejects.toMatchObject({ code: 'ERR_GRAPH', data: { reason: 'protocol' } });
  });
});
