// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { createSystemSleep } from '../../../../agent/provisioning/graph/sleep.js';
import { CLIENT_ID, graphErrorBody, SECRET, useStubWorld } from './graph-stub-world.js';

const user = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, userPrincipalName: `${id}@contoso.com`, ...extra });

describe('createGraphClient against a wire-level HTTPS stub', () => {
  const world = useStubWorld();

  test('gets an app-only token with the extra CA in-process, sends it as a Bearer header, reuses it', async () => {
    const w = await world(() => ({ status: 200, json: user('u1') }));
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(w.stub.tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(w.stub.tokenRequests[0]?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('client_secret')).toBe(SECRET);
    expect(form.get('scope')).toBe(`${w.stub.url}/.default`);
    expect(w.stub.graphRequests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    expect(w.stub.graphRequests[0]?.url).toMatch(/^\/v1\.0\/users\/u1\?\$select=id,userPrincipalName,onPremisesImmutableId,/);
  });

  test('without graph.caFile the private CA is not trusted: ERR_GRAPH reason tls, naming the fix, not retried', async () => {
    const w = await world(() => ({ status: 200, json: user('u1') }), { caFile: null });
    const err = await w.graph.getUser('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfaError);
    expect(err).toMatchObject({ code: 'ERR_GRAPH', data: { reason: 'tls', phase: 'token' } });
    expect((err as Error).message).toMatch(/graph\.caFile/);
    expect(w.events.retries).toBe(0);
    expect(w.stub.graphRequests).toHaveLength(0);
  });

  test("the immutable id filter arrives byte-exact (+ / = percent-encoded, quotes doubled)", async () => {
    const id = "q+/vPwAA+//+Lw==";
    const w = await world(() => ({ status: 200, json: { value: [user('u7', { onPremisesImmutableId: id })] } }));
    expect(await w.graph.getUserByImmutableId(id)).toMatchObject({ id: 'u7' });
    const url = new URL(w.stub.graphRequests[0]?.url ?? '', w.stub.url);
    expect(url.searchParams.get('$filter')).toBe(`onPremisesImmutableId eq '${id}'`);
    expect(url.searchParams.get('$select')).toContain('onPremisesImmutableId');
  });

  test('a UPN lookup that finds nothing returns null; a 400 body becomes ERR_GRAPH data', async () => {
    const conflict = graphErrorBody('Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.', [
      { code: 'ObjectConflict', message: 'Another object with the same value for property userPrincipalName already exists.', target: 'userPrincipalName' },
    ]);
    const w = await world((r) => r.method === 'GET'
      ? { status: 404, json: graphErrorBody('Request_ResourceNotFound', "Resource 'x' does not exist.") }
      : { status: 400, json: conflict, headers: { 'request-id': 'hdr-req' } });
    expect(await w.graph.getUserByUpn("o'hara#1@contoso.com")).toBeNull();
    expect(w.stub.graphRequests[0]?.url).toMatch(/^\/v1\.0\/users\/o'hara%231%40contoso\.com\?/);
    const err = await w.graph.createUser({ accountEnabled: true, displayName: 'X', mailNickname: 'x', userPrincipalName: 'x@contoso.com', passwordProfile: { password: 'pw', forceChangePasswordNextSignIn: false } }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ERR_GRAPH', status: 502,
      data: { status: 400, graphCode: 'Request_BadRequest', requestId: 'req-1', details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }], method: 'POST', path: '/v1.0/users' },
    });
    expect(w.events.retries).toBe(0);
  });

  test('a 503 storm shorter than maxRetries is ridden out with jittered back-off; a longer one fails with the last 503', async () => {
    let n = 0;
    const w = await world(() => (++n <= 3 ? { status: 503, json: graphErrorBody('serviceNotAvailable', 'busy') } : { status: 200, json: user('u1') }));
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(w.stub.graphRequests).toHaveLength(4);
    const backoffs = w.events.waits.filter((x) => x.reason === 'backoff').map((x) => x.ms);
    expect(backoffs).toHaveLength(3);
    backoffs.forEach((ms, attempt) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(500 * 2 ** attempt);
    });
    n = -100;
    const err = await w.graph.getUser('u1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_GRAPH', data: { status: 503, graphCode: 'serviceNotAvailable' } });
    expect(w.stub.graphRequests).toHaveLength(4 + 4);
  });

  test('429 with Retry-After pauses for exactly that long and slows writes; exhausted retries are ERR_GRAPH_THROTTLED', async () => {
    let n = 0;
    const throttled = { status: 429, json: graphErrorBody('TooManyRequests', 'Too many requests'), headers: { 'retry-after': '7', 'x-ms-throttle-information': 'WriteLimitExceeded' } };
    const w = await world(() => (++n <= 2 ? throttled : { status: 204 }));
    const t0 = w.time.clock.now();
    await w.graph.updateUser('u1', { displayName: 'New' });
    expect(w.time.clock.now() - t0).toBe(14_000);
    expect(w.events.throttles).toBe(2);
    expect(w.events.waits.filter((x) => x.reason === 'throttle').map((x) => x.ms)).toEqual([7000, 7000]);
    expect(JSON.parse(w.stub.graphRequests[2]?.body ?? '')).toEqual({ displayName: 'New' });
    n = -100;
    const err = await w.graph.updateUser('u1', { displayName: 'Newer' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_GRAPH_THROTTLED', status: 503, data: { status: 429, graphCode: 'TooManyRequests' } });
  });

  test('a hung request times out (timeoutMs) and the retry succeeds', async () => {
    let n = 0;
    const w = await world(() => (++n === 1 ? 'hang' : { status: 200, json: user('u1') }), { timeoutMs: 300 });
    const started = Date.now();
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(w.stub.graphRequests).toHaveLength(2);
    expect(w.events.retries).toBe(1);
  });

  test('a dropped connection is retried', async () => {
    let n = 0;
    const w = await world(() => (++n === 1 ? 'reset' : { status: 200, json: user('u1') }));
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(w.stub.graphRequests).toHaveLength(2);
  });

  test('malformed JSON on a 200 is a clear, unretried ERR_GRAPH (reason protocol, no body echoed)', async () => {
    const w = await world(() => ({ status: 200, text: '{"id":"u1","userPrincipalName":"a@contoso', headers: { 'request-id': 'r-mal' } }));
    const err = await w.graph.getUser('u1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_GRAPH', data: { reason: 'protocol', status: 200, requestId: 'r-mal', bodyLength: 41 } });
    expect((err as Error).message).toBe('Graph answered 200 with malformed JSON (41 bytes)');
    expect(JSON.stringify((err as MfaError).data)).not.toContain('contoso');
    expect(w.stub.graphRequests).toHaveLength(1);
  });

  test('a revoked secret is ERR_GRAPH_AUTH with the AADSTS text, asked once, the secret nowhere in the error', async () => {
    const w = await world(() => ({ status: 200, json: user('u1') }));
    w.stub.token = () => ({
      status: 401,
      json: { error: 'invalid_client', error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '6731de76-14a6-49ae-97bc-6eba6914391e'.", error_codes: [7000215], timestamp: '2026-12-01 12:00:00Z', trace_id: 'tr-1', correlation_id: 'co-1' },
    });
    const err = await w.graph.getUser('u1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_GRAPH_AUTH', data: { status: 401, graphCode: 'invalid_client', requestId: 'co-1', phase: 'token' } });
    expect((err as Error).message).toMatch(/refused the app credential: invalid_client: AADSTS7000215: Invalid client secret provided/);
    expect(w.stub.tokenRequests).toHaveLength(1);
    expect(w.stub.graphRequests).toHaveLength(0);
    const everything = JSON.stringify({ message: (err as Error).message, data: (err as MfaError).data, stack: (err as Error).stack });
    expect(everything).not.toContain(SECRET);
  });

  test("a token endpoint 503 is retried after its Retry-After (MSAL's own throttle cache holds calls until then)", async () => {
    const w = await world(() => ({ status: 200, json: user('u1') }), {}, undefined, createSystemSleep());
    let n = 0;
    w.stub.token = () => (++n === 1
      ? { status: 503, json: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: busy' }, headers: { 'retry-after': '1' } }
      : { status: 200, json: { token_type: 'Bearer', expires_in: 3599, access_token: 'tok-x' } });
    expect(await w.graph.getUser('u1')).toEqual(user('u1'));
    expect(w.stub.tokenRequests).toHaveLength(2);
    expect(w.stub.graphRequests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-x']);
    expect(w.events.waits.filter((x) => x.reason === 'backoff').map((x) => x.ms)).toEqual([expect.any(Number)]);
    expect(w.events.waits[0]?.ms).toBeGreaterThan(900);
  });

  test('pages and delta follow links on the base origin; a link to another host is refused', async () => {
    const w = await world((r) => {
      const base = w.stub.url;
      if (r.url.startsWith('/v1.0/users/delta?$select')) return { status: 200, json: { value: [user('a')], '@odata.nextLink': `${base}/v1.0/users/delta?$skiptoken=p2` } };
      if (r.url === '/v1.0/users/delta?$skiptoken=p2') return { status: 200, json: { value: [{ id: 'b', '@removed': { reason: 'changed' } }], '@odata.deltaLink': `${base}/v1.0/users/delta?$deltatoken=d1` } };
      if (r.url === '/v1.0/subscribedSkus') return { status: 200, json: { value: [{ skuId: 's1', skuPartNumber: 'ENTERPRISEPACK' }], '@odata.nextLink': 'https://evil.example/v1.0/subscribedSkus?p=2' } };
      return { status: 404, json: graphErrorBody('NotFound', r.url) };
    });
    const d = await w.graph.delta<{ id: string }>('/users/delta?$select=id,userPrincipalName');
    expect(d).toEqual({ items: [user('a'), { id: 'b', '@removed': { reason: 'changed' } }], deltaLink: `${w.stub.url}/v1.0/users/delta?$deltatoken=d1` });
    await expect(w.graph.subscribedSkus()).rejects.toMatchObject({ code: 'ERR_GRAPH', data: { reason: 'protocol', host: 'evil.example' } });
    expect(w.stub.graphRequests.map((r) => r.url)).toEqual(['/v1.0/users/delta?$select=id,userPrincipalName', '/v1.0/users/delta?$skiptoken=p2', '/v1.0/subscribedSkus']);
  });
});
