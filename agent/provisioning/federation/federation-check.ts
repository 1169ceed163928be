// SPDX-License-Identifier: UNLICENSED
/**
 * One compatibility check of `graph federate`, reported by name. Any `fail` stops federation before
 * Entra is changed; `warn` is shown but does not stop it; `skipped` depends on a check that failed.
 */
export interface FederationCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skipped';
  detail: string;
  /** What to do about a `fail` or `warn`. */
  fix?: string;
}
