// SPDX-License-Identifier: UNLICENSED
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createSelfSignedCertificate } from '../../../../agent/tls/create-self-signed-certificate.js';

/** What the stub saw of one request (after the body was read). */
export interface StubRequest {
  method: string;
  /** Path and raw query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A scripted answer: JSON (or raw text), a hang, or a dropped connection. */
export type StubAnswer =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | 'hang'
  | 'reset';

export type StubGraph = (req: StubRequest) => StubAnswer;

export interface HttpsStub {
  url: string;
  caPem: string;
  /** Every Graph request (not discovery or token) in arrival order. */
  graphRequests: StubRequest[];
  tokenRequests: StubRequest[];
  /** Replaces the token endpoint's behaviour (default: a fresh token `tok-<n>`). */
  token: (req: StubRequest) => StubAnswer;
  close(): Promise<void>;
}

/**
 * A test-local HTTPS server with its own certificate (the client must trust it through graph.caFile):
 * OIDC discovery and a client-credentials token endpoint for tenant `t1`, and `graph` for everything else.
 * A fake at the wire only; the Graph behaviour it stands in for is reference §4.7–§4.9.
 */
export async function startHttpsStub(graph: StubGraph): Promise<HttpsStub> {
  const random = createSystemRandom();
  const { certPem, keyPem } = await createSelfSignedCertificate({
    commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], profile: 'server', now: Date.now(), serial: random.bytes(16),
  });
  const open = new Set<ServerResponse>();
  let tokens = 0;
  const stub: HttpsStub = {
    url: '',
    caPem: certPem,
    graphRequests: [],
    tokenRequests: [],
    token: () => ({ status: 200, json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `tok-${++tokens}` } }),
    close: async () => {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: StubRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const base = stub.url;
      let answer: StubAnswer;
      if (seen.url.startsWith('/t1/v2.0/.well-known/openid-configuration')) {
        answer = { status: 200, json: { issuer: `${base}/t1/v2.0`, token_endpoint: `${base}/t1/oauth2/v2.0/token`, authorization_endpoint: `${base}/t1/oauth2/v2.0/authorize`, jwks_uri: `${base}/t1/discovery/v2.0/keys` } };
      } else if (seen.url.startsWith('/t1/oauth2/v2.0/token')) {
        stub.tokenRequests.push(seen);
        answer = stub.token(seen);
      } else {
        stub.graphRequests.push(seen);
        answer = graph(seen);
      }
      if (answer === 'hang') {
        open.add(res);
        return;
      }
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
      res.writeHead(answer.status, { ...(answer.json !== undefined || answer.text !== undefined ? { 'content-type': 'application/json' } : {}), ...(answer.headers ?? {}) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  stub.url = `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return stub;
}
