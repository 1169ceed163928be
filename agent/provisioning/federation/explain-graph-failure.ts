// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';

const GRAPH_CODES = new Set<string>(['ERR_GRAPH', 'ERR_GRAPH_THROTTLED', 'ERR_GRAPH_AUTH']);

/**
 * Rewrites a failed Graph write of a federation step into an error that says what to do, keeping the code
 * (`ERR_GRAPH`, `ERR_GRAPH_THROTTLED`, `ERR_GRAPH_AUTH`), the Graph data and the cause:
 * - 409 `Request_MultipleObjectsWithSameKeyValue`: the issuer is taken by another domain (reference §3.5);
 * - 5xx, 429, timeouts: Entra may or may not have applied the change; rerunning reads what it holds first;
 * - 401/403: the app lacks `Domain-InternalFederation.ReadWrite.All` (reference §3.4).
 * Any other error (not a Graph error) is returned unchanged.
 */
export function explainGraphFailure(err: unknown, ctx: { step: string; domain: string; rerun: string }): unknown {
  if (!(err instanceof MfaError) || !GRAPH_CODES.has(err.code)) return err;
  const status = typeof err.data.status === 'number' ? err.data.status : null;
  const graphCode = typeof err.data.graphCode === 'string' ? err.data.graphCode : null;
  let hint: string;
  if (status === 409 && graphCode === 'Request_MultipleObjectsWithSameKeyValue') {
    hint = 'another domain of the tenant already uses this issuer (or the domain already has a configuration): give each domain its own federation.domains[].issuer';
  } else if (err.code === 'ERR_GRAPH_AUTH' || status === 401 || status === 403) {
    hint = 'the app registration needs the Domain-InternalFederation.ReadWrite.All application permission (with admin consent)';
  } else if (err.code === 'ERR_GRAPH_THROTTLED' || status === null || status >= 500 || status === 408) {
    hint = `Entra may or may not have applied it; rerun \`${ctx.rerun}\`, which reads what Entra holds first and finishes the job`;
  } else {
    hint = 'nothing was changed by this step';
  }
  return new MfaError(err.code, `${ctx.step} for ${ctx.domain} failed: ${err.message}. ${hint}`, { cause: err, data: { ...err.data, domain: ctx.domain, step: ctx.step } });
}
