// SPDX-License-Identifier: UNLICENSED
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpsRequest, newUser, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

type Page = { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

describe('sandbox /users/delta', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(async () => sb.close());

  /** Follows nextLinks; returns all items, the page count and the deltaLink. */
  const round = async (first: string): Promise<{ items: Record<string, unknown>[]; pages: number; deltaLink: string }> => {
    const items: Record<string, unknown>[] = [];
    let link: string | undefined = first;
    let pages = 0;
    for (;;) {
      const r = await sb.graph('GET', (link as string).slice(sb.url.length), undefined, { Prefer: 'odata.maxpagesize=2' });
      expect(r.status, r.text).toBe(200);
      const page = r.json as Page;
      items.push(...page.value);
      pages += 1;
      if (page['@odata.deltaLink']) return { items, pages, deltaLink: page['@odata.deltaLink'] };
      link = page['@odata.nextLink'];
      expect(link).toBeDefined();
    }
  };

  it('pages the initial round, then the deltaLink returns only changes, removals as @removed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(String((await sb.graph('POST', '/v1.0/users', newUser(`d${i}@contoso.com`, { onPremisesImmutableId: `imm${i}` }))).json.id));
    const first = await round(`${sb.url}/v1.0/users/delta?$select=id,userPrincipalName,onPremisesImmutableId,accountEnabled`);
    expect(first.pages).toBe(3);
    expect(first.items.map((u) => u.userPrincipalName).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4'].map((n) => `${n}@contoso.com`));
    expect(first.items[0]).toHaveProperty('onPremisesImmutableId');

    const quiet = await round(first.deltaLink);
    expect(quiet.items).toEqual([]);

    await sb.graph('PATCH', `/v1.0/users/${ids[0] ?? ''}`, { accountEnabled: false });
    await sb.graph('DELETE', `/v1.0/users/${ids[1] ?? ''}`);
    await sb.graph('DELETE', `/v1.0/users/${ids[2] ?? ''}`);
    await sb.graph('DELETE', `/v1.0/directory/deletedItems/${ids[2] ?? ''}`);
    const created = await sb.graph('POST', '/v1.0/users', newUser('d5@contoso.com'));
    const second = await round(quiet.deltaLink);
    const byId = new Map(second.items.map((u) => [u.id, u]));
    expect(byId.size).toBe(4);
    expect(byId.get(ids[0])).toMatchObject({ accountEnabled: false, userPrincipalName: 'd0@contoso.com' });
    expect(byId.get(ids[1])).toEqual({ id: ids[1], '@removed': { reason: 'changed' } });
    expect(byId.get(ids[2])).toEqual({ id: ids[2], '@removed': { reason: 'deleted' } });
    expect(byId.get(created.json.id)).toMatchObject({ userPrincipalName: 'd5@contoso.com' });
    expect((await round(second.deltaLink)).items).toEqual([]);
    expect((await round(first.deltaLink)).items).toHaveLength(4);
  });

  it('$deltatoken=latest returns no data and a deltaLink from now', async () => {
    await sb.graph('POST', '/v1.0/users', newUser('old@contoso.com'));
    const latest = await round(`${sb.url}/v1.0/users/delta?$deltatoken=latest`);
    expect(latest.items).toEqual([]);
    await sb.graph('POST', '/v1.0/users', newUser('new@contoso.com'));
    expect((await round(latest.deltaLink)).items.map((u) => u.userPrincipalName)).toEqual(['new@contoso.com']);
  });
});

describe('sandbox fault injection', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(async () => sb.close());

  it('503 with Retry-After, once', async () => {
    sb.tenant.injectFault({ method: 'POST', path: '/v1.0/users' }, { kind: 'status', status: 503, retryAfterSeconds: 7 });
    const r = await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com'));
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.json.error.code).toBe('ServiceUnavailable');
    expect(sb.tenant.state().users).toHaveLength(0);
    expect((await sb.graph('POST', '/v1.0/users', newUser('f@contoso.com'))).status).toBe(201);
  });

  it('a hang is never answered (the client times out), malformed JSON does not parse, a reset drops the connection', async () => {
    await sb.token();
    sb.tenant.injectFault({ path: /^\/v1\.0\/users/ }, { kind: 'hang' });
    const hung = httpsRequest(`${sb.url}/v1.0/users`, { ca: sb.ca, headers: { authorization: `Bearer ${await sb.token()}` }, timeoutMs: 300 });
    await expect(hung).rejects.toThrow('timeout');
    sb.tenant.injectFault({ path: '/v1.0/users' }, { kind: 'malformed-json' });
    const bad = await sb.graph('GET', '/v1.0/users');
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.text) as unknown).toThrow();
    sb.tenant.injectFault({ path: '/v1.0/users', times: 2 }, { kind: 'reset' });
    await expect(sb.graph('GET', '/v1.0/users')).rejects.toThrow();
    await expect(sb.graph('GET', '/v1.0/users')).rejects.toThrow();
    expect((await sb.graph('GET', '/v1.0/users')).status).toBe(200);
  });

  it('a status fault on an inner $batch request fails that step only', async () => {
    sb.tenant.injectFault({ method: 'GET', path: '/v1.0/domains' }, { kind: 'status', status: 503 });
    const r = await sb.graph('POST', '/v1.0/$batch', { requests: [{ id: 'a', method: 'GET', url: '/domains' }, { id: 'b', method: 'GET', url: '/subscribedSkus' }] });
    const statuses = Object.fromEntries((r.json.responses as { id: string; status: number }[]).map((x) => [x.id, x.status]));
    expect(statuses).toEqual({ a: 503, b: 200 });
  });
});
