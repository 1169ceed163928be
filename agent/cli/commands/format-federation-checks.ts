// SPDX-License-Identifier: UNLICENSED
import type { FederationCheck } from '../../provisioning/federation/federation-check.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: 'skip' } as const;

/** The checks of `graph federate`, one per line as `doctor` prints its own, each failure or warning with its fix. */
export function formatFederationChecks(checks: readonly FederationCheck[]): string {
  return checks.map((c) => [`[${MARK[c.status]}] ${c.name}: ${c.detail}`, ...(c.fix ? [`       fix: ${c.fix}`] : [])].join('\n')).join('\n');
}
