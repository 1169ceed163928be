// SPDX-License-Identifier: UNLICENSED

/** One entry of Graph's `error.details` array. */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/**
 * A Graph error response the sandbox sends on purpose (a protocol answer, not a sandbox fault).
 * Rendered as `{ error: { code, message, innerError: { date, request-id, client-request-id }, details? } }`.
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: GraphErrorDetail[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, opts: { details?: GraphErrorDetail[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }
}
