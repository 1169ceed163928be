// SPDX-License-Identifier: UNLICENSED
import type { GraphHandler } from './graph-request.js';

/** `GET /subscribedSkus` → the tenant's SKUs with `prepaidUnits` and `consumedUnits`. */
export const listSubscribedSkus: GraphHandler = (ctx, req) => ({
  status: 200,
  headers: {},
  body: {
    '@odata.context': `${ctx.origin}/${req.version}/$metadata#subscribedSkus`,
    value: [...ctx.data.skus.values()].map((s) => ({
      accountId: ctx.data.tenantId,
      accountName: ctx.data.initialDomain.split('.')[0],
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: s.consumed,
      id: `${ctx.data.tenantId}_${s.skuId}`,
      prepaidUnits: { enabled: s.enabled, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: [],
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      subscriptionIds: [],
    })),
  },
});
