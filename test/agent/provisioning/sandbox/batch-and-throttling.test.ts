// SPDX-License-Identifier: UNLICENSED
import { afterEach, describe, expect, it } from 'vitest';
import { newUser, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
type Inner = { id: string; status: number; headers: Record<string, string>; body?: { error?: { code: string } } };

describe('sandbox $batch', () => {
  let sb: TestSandbox;
  afterEach(async () => sb.close());

  it('runs dependsOn in order and answers 424 for a step whose dependency failed', async () => {
    sb = await startTestSandbox();
    const r = await sb.graph('POST', '/v1.0/$batch', {
      requests: [
        { id: '1', method: 'POST', url: '/users', headers: JSON_HEADERS, body: newUser('b1@contoso.com', { usageLocation: 'US' }) },
        { id: '2', method: 'POST', url: '/users/b1@contoso.com/assignLicense', dependsOn: ['1'], headers: JSON_HEADERS, body: { addLicenses: [{ skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', disabledPlans: [] }], removeLicenses: [] } },
        { id: '3', method: 'POST', url: '/users', headers: JSON_HEADERS, body: newUser('b1@contoso.com') },
        { id: '4', method: 'PATCH', url: '/users/nobody@contoso.com', dependsOn: ['3'], headers: JSON_HEADERS, body: { accountEnabled: false } },
        { id: '5', method: 'GET', url: "/users?$filter=userPrincipalName eq 'x@contoso.com'" },
      ],
    });
    expect(r.status).toBe(200);
    const byId = new Map((r.json.responses as Inner[]).map((x) => [x.id, x]));
    expect([...byId.keys()].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(byId.get('1')?.status).toBe(201);
    expect(byId.get('2')?.status).toBe(200);
    expect(byId.get('3')?.status).toBe(400);
    expect(byId.get('4')?.status).toBe(424);
    expect(byId.get('5')?.status).toBe(200);
    expect(sb.tenant.state().users).toHaveLength(1);
    expect(sb.tenant.counters().requests['PATCH users']).toBeUndefined();
  });

  it('refuses more than 20 requests, duplicate ids, absolute URLs and a body without headers', async () => {
    sb = await startTestSandbox();
    const get = (id: string) => ({ id, method: 'GET', url: '/domains' });
    expect((await sb.graph('POST', '/v1.0/$batch', { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) })).status).toBe(400);
    expect((await sb.graph('POST', '/v1.0/$batch', { requests: Array.from({ length: 20 }, (_, i) => get(String(i))) })).status).toBe(200);
    expect((await sb.graph('POST', '/v1.0/$batch', { requests: [get('1'), get('1')] })).status).toBe(400);
    expect((await sb.graph('POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/domains' }] })).status).toBe(400);
    const noHeaders = await sb.graph('POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'POST', url: '/users', body: newUser('h@contoso.com') }] });
    expect(noHeaders.status).toBe(400);
    expect(noHeaders.json.error.code).toBe('BadRequest');
    expect(sb.tenant.state().users).toHaveLength(0);
  });

  it('throttles inner requests one by one: 429 with Retry-After inside a 200 batch', async () => {
    sb = await startTestSandbox({ throttle: { writesPerWindow: 3, windowMs: 10_000 } });
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: 'POST', url: '/users', headers: JSON_HEADERS, body: newUser(`t${i}@contoso.com`) }));
    const r = await sb.graph('POST', '/v1.0/$batch', { requests });
    expect(r.status).toBe(200);
    const statuses = (r.json.responses as Inner[]).map((x) => x.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const throttled = (r.json.responses as Inner[]).find((x) => x.status === 429);
    expect(throttled?.headers['retry-after']).toBe('4');
    expect(throttled?.headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
    expect(sb.tenant.state().users).toHaveLength(3);
  });
});

describe('sandbox write quota (reference §4.8)', () => {
  let sb: TestSandbox;
  afterEach(async () => sb.close());

  it('answers 429 with Retry-After and WriteLimitExceeded past the quota, and recovers as the bucket refills', async () => {
    sb = await startTestSandbox({ throttle: { writesPerWindow: 2, windowMs: 6_000 } });
    expect((await sb.graph('POST', '/v1.0/users', newUser('q1@contoso.com'))).status).toBe(201);
    expect((await sb.graph('POST', '/v1.0/users', newUser('q2@contoso.com'))).status).toBe(201);
    const third = await sb.graph('POST', '/v1.0/users', newUser('q3@contoso.com'));
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('3');
    expect(third.headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
    expect(third.headers['x-ms-throttle-scope']).toMatch(/^Tenant_Application\/ReadWrite\//);
    expect(third.json.error.code).toBe('TooManyRequests');
    expect((await sb.graph('GET', '/v1.0/users')).status).toBe(200);
    sb.clock.advance(2_999);
    expect((await sb.graph('POST', '/v1.0/users', newUser('q3@contoso.com'))).status).toBe(429);
    sb.clock.advance(1);
    expect((await sb.graph('POST', '/v1.0/users', newUser('q3@contoso.com'))).status).toBe(201);
    expect(sb.tenant.counters().throttled).toEqual({ WriteLimitExceeded: 2 });
    expect(sb.tenant.state().users).toHaveLength(3);
  });

  it('charges resource units: GET users costs 2, $select −1', async () => {
    sb = await startTestSandbox({ throttle: { resourceUnitsPerWindow: 5, resourceUnitWindowMs: 10_000 } });
    const a = await sb.graph('GET', '/v1.0/users');
    expect(a.headers['x-ms-resource-unit']).toBe('2');
    expect((await sb.graph('GET', '/v1.0/users?$select=id')).headers['x-ms-resource-unit']).toBe('1');
    expect((await sb.graph('GET', '/v1.0/users')).status).toBe(200);
    const over = await sb.graph('GET', '/v1.0/users');
    expect(over.status).toBe(429);
    expect(over.headers['x-ms-throttle-information']).toBe('ResourceUnitLimitExceeded');
  });
});
