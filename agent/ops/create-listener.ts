// SPDX-License-Identifier: UNLICENSED
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseListen, type ResolvedConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import { ensureTlsFiles } from '../tls/ensure-tls-files.js';

/**
 * Creates the HTTPS server (TLS 1.2+, certificate generated on first start when none is configured)
 * or, with `server.tls.enabled: false`, plain HTTP; listens on `server.listen` and resolves with the
 * URL actually bound. Rejects with the socket error (EADDRINUSE, EACCES) when it cannot listen.
 */
export async function createListener(
  config: ResolvedConfig,
  handler: RequestListener,
  deps: { clock: Clock; random: Random; logger: Logger },
): Promise<{ server: Server; localUrl: string }> {
  const { tls } = config.server;
  let server: Server;
  if (tls.enabled) {
    const host = new URL(config.server.publicUrl).hostname.replace(/^\[|\]$/g, '');
    const files = await ensureTlsFiles({ certFile: tls.certFile, keyFile: tls.keyFile, publicHost: host, clock: deps.clock, random: deps.random });
    if (files.generated) deps.logger.warn({ certFile: tls.certFile }, 'generated a self-signed TLS certificate; replace it with one your browsers trust');
    server = createHttpsServer({ cert: files.cert, key: files.key, minVersion: 'TLSv1.2' }, handler) as unknown as Server;
  } else {
    server = createHttpServer(handler);
  }
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  const listen = parseListen(config.server.listen);
  if (!listen) throw new ConfigError([{ path: 'server.listen', message: `cannot parse ${config.server.listen}` }]);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return { server, localUrl: `${tls.enabled ? 'https' : 'http'}://${host}:${addr.port}` };
}
