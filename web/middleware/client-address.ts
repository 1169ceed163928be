// SPDX-License-Identifier: UNLICENSED
import type { RequestHandler } from 'express';
import type { NetworkMatcher } from '../../agent/net/network-matcher.js';
import { resolveClientAddress } from '../../agent/net/resolve-client-address.js';

/**
 * Puts the request's client address in `res.locals.clientIp`: the socket peer, or `X-Forwarded-For`
 * walked right to left only when the peer is a trusted proxy (`server.trustedProxies`).
 */
export function clientAddress(trustedProxies: NetworkMatcher): RequestHandler {
  return (req, res, next) => {
    res.locals.clientIp = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies) ?? 'unknown';
    next();
  };
}
