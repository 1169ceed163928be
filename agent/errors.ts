// SPDX-License-Identifier: UNLICENSED
/**
 * The error catalogue of `agent/` and `web/`.
 *
 * Contract: every fault raised by the daemon is an `MfaError` (or subclass) with a stable string `code`,
 * an HTTP `status`, and `expose` (true when the message is safe to show a client; always false for 5xx).
 * Expected negative outcomes (a wrong code, a wrong password) are return values, never errors.
 */

export const ERROR_CODES = {
  ERR_CONFIG: 500,
  ERR_CONFIG_FILE: 500,
  ERR_SCHEMA_TOO_NEW: 500,
  ERR_SCHEMA_NOT_CURRENT: 503,
  ERR_STORE: 500,
  ERR_MASTER_KEY_MISSING: 500,
  ERR_MASTER_KEY_INVALID: 500,
  ERR_MASTER_KEY_PERMISSIONS: 500,
  ERR_VAULT_UNKNOWN_KEY: 500,
  ERR_VAULT_DECRYPT: 500,
  ERR_VAULT_ROTATE: 500,
  ERR_INVALID_UPN: 400,
  ERR_INVALID_INPUT: 400,
  ERR_WEAK_PASSWORD: 400,
  ERR_ALREADY_EXISTS: 409,
  ERR_NOT_FOUND: 404,
  ERR_BAD_REQUEST: 400,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNAUTHORIZED: 401,
  ERR_FORBIDDEN: 403,
  ERR_TLS: 500,
  ERR_REFUSE_OVERWRITE: 409,
  ERR_AUDIT: 500,
  ERR_DAEMON_RUNNING: 409,
  ERR_CONFIRMATION_REQUIRED: 400,
  ERR_XML_MALFORMED: 400,
  ERR_XML_FORBIDDEN: 400,
  ERR_IMPORT_FORMAT: 400,
  ERR_IMPORT_DECRYPT: 400,
  ERR_IMPORT_MAC: 400,
  ERR_IMPORT_TOO_LARGE: 413,
  ERR_TOKEN_STATE: 409,
  ERR_RATE_LIMITED: 429,
  ERR_GRAPH: 502,
  ERR_GRAPH_THROTTLED: 503,
  ERR_GRAPH_AUTH: 502,
  ERR_SAML_REQUEST: 400,
  ERR_WSFED_REQUEST: 400,
  ERR_SIGNATURE: 400,
  ERR_CSRF: 403,
  ERR_SIGNIN_EXPIRED: 400,
  ERR_SIGNING_KEY: 500,
  ERR_FEDERATION: 409,
  ERR_DEVICE: 502,
  ERR_READER_BUSY: 409,
  ERR_INTERNAL: 500,
} as const;

export type MfaErrorCode = keyof typeof ERROR_CODES;

export interface MfaErrorOptions extends ErrorOptions {
  /** Domain data a caller needs to decide what to do (a key path, a schema version, a file name). */
  data?: Record<string, unknown>;
  /** Override the catalogue status for this instance. */
  status?: number;
}

export class MfaError extends Error {
  readonly code: MfaErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly data: Record<string, unknown>;

  constructor(code: MfaErrorCode, message: string, options: MfaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code];
    this.expose = this.status < 500;
    this.data = options.data ?? {};
  }
}

/** A configuration error. `issues` name each bad key path; the CLI exits with code 2. */
export class ConfigError extends MfaError {
  static readonly code = 'ERR_CONFIG';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], options: ErrorOptions = {}) {
    super('ERR_CONFIG', formatIssues(issues), { ...options, data: { issues } });
    this.issues = issues;
  }
}

export interface ConfigIssue {
  /** Dotted key path, e.g. `server.tls.certFile`; `(root)` for the whole document. */
  path: string;
  message: string;
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
  return `invalid configuration:\n${lines.join('\n')}`;
}

export function isMfaError(err: unknown): err is MfaError {
  return err instanceof MfaError;
}
