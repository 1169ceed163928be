// SPDX-License-Identifier: UNLICENSED
import type { GraphHandler } from './graph-request.js';
import { resourceNotFound } from './resource-not-found.js';
import { viewDomain } from './view-domain.js';

/** `GET /domains` and `GET /domains/{name}`. */
export const readDomains: GraphHandler = (ctx, req) => {
  const name = req.segments[1];
  if (name === undefined) {
    return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#domains`, value: [...ctx.data.domains.values()].map(viewDomain) } };
  }
  const domain = ctx.data.domains.get(name.toLowerCase());
  if (!domain) throw resourceNotFound(name);
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.origin}/${req.version}/$metadata#domains/$entity`, ...viewDomain(domain) } };
};
