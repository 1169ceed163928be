// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';

/** Graph detail code of a uniqueness conflict (reference §4.5). */
const OBJECT_CONFLICT = 'ObjectConflict';

/** The journal `result` of a failed entry: stable code, message and Graph's own code; never a secret. */
export function failureResult(err: MfaError): Record<string, unknown> {
  return { code: err.code, message: err.message, graphCode: err.data.graphCode ?? null, status: err.data.status ?? null };
}

/**
 * True for faults that say nothing about the change itself and will likely pass on a later run:
 * throttling that outlasted the retries, 5xx, timeouts and network faults (status 0).
 */
export function isTransientFailure(err: MfaError): boolean {
  const status = Number(err.data.status ?? 0);
  return err.code === 'ERR_GRAPH_THROTTLED' || (err.code === 'ERR_GRAPH' && (status === 0 || status >= 500 || status === 408));
}

/** True when Graph refused a create because another (possibly soft-deleted) object holds the UPN or immutable id. */
export function isObjectConflict(err: MfaError): boolean {
  const details = Array.isArray(err.data.details) ? (err.data.details as Array<{ code?: string }>) : [];
  return err.code === 'ERR_GRAPH' && err.data.status === 400 && (details.some((d) => d.code === OBJECT_CONFLICT) || /already exists/i.test(String(err.data.message ?? '')));
}

/** Wraps anything thrown into an MfaError (`ERR_INTERNAL` for a non-MfaError). */
export function asMfaError(err: unknown): MfaError {
  return err instanceof MfaError ? err : new MfaError('ERR_INTERNAL', String((err as Error)?.message ?? err), { cause: err });
}
