// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { graphError } from '../../../../agent/provisioning/graph/graph-error.js';

describe('graphError', () => {
  test('maps the Graph error body (ObjectConflict) to ERR_GRAPH data', () => {
    const body = {
      error: {
        code: 'Request_BadRequest',
        message: 'Another object with the same value for property userPrincipalName already exists.',
        details: [{ code: 'ObjectConflict', message: 'Another object with the same value for property userPrincipalName already exists.', target: 'userPrincipalName' }],
        innerError: { date: '2026-12-01T12:00:00', 'request-id': '7d3d5a4e-1111-2222-3333-444455556666', 'client-request-id': 'c1' },
      },
    };
    const err = graphError({ method: 'POST', path: "/users?$filter=x eq 'secret-ish'", status: 400, headers: {}, body });
    expect(err).toBeInstanceOf(MfaError);
    expect(err.code).toBe('ERR_GRAPH');
    expect(err.status).toBe(502);
    expect(err.message).toBe('Graph POST /users failed with 400: Request_BadRequest: Another object with the same value for property userPrincipalName already exists.');
    expect(err.data).toEqual({
      status: 400,
      graphCode: 'Request_BadRequest',
      requestId: '7d3d5a4e-1111-2222-3333-444455556666',
      message: 'Another object with the same value for property userPrincipalName already exists.',
      details: [{ code: 'ObjectConflict', message: 'Another object with the same value for property userPrincipalName already exists.', target: 'userPrincipalName' }],
      method: 'POST',
      path: '/users',
    });
  });

  test('429 is ERR_GRAPH_THROTTLED with retryAfterMs; 401 is ERR_GRAPH_AUTH; request-id falls back to the header', () => {
    const t = graphError({ method: 'PATCH', path: '/users/1', status: 429, headers: { 'request-id': 'r-429' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } }, retryAfterMs: 5000 });
    expect(t.code).toBe('ERR_GRAPH_THROTTLED');
    expect(t.data).toMatchObject({ status: 429, graphCode: 'TooManyRequests', requestId: 'r-429', retryAfterMs: 5000 });
    const a = graphError({ method: 'GET', path: '/users', status: 401, headers: {}, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } } });
    expect(a.code).toBe('ERR_GRAPH_AUTH');
    expect(a.data).toMatchObject({ status: 401, graphCode: 'InvalidAuthenticationToken' });
  });

  test('a body that is not Graph-shaped still yields a clear error', () => {
    const e = graphError({ method: 'GET', path: '/domains/contoso.com', status: 503, headers: {}, body: '<html>Service Unavailable</html>' });
    expect(e.message).toBe('Graph GET /domains/contoso.com failed with 503: no error body');
    expect(e.data).toMatchObject({ status: 503, graphCode: null, message: null, requestId: null, details: [] });
  });
});
