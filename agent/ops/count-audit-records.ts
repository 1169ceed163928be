// SPDX-License-Identifier: UNLICENSED
import type { AuditLog } from '../audit/audit-log.js';
import type { Metrics } from './create-metrics.js';

/** Decorates an audit log so that every record written also counts in `mfa_appliance_audit_records_total`. */
export function countAuditRecords(audit: AuditLog, metrics: Metrics): AuditLog {
  return {
    async record(entry) {
      const r = await audit.record(entry);
      metrics.auditRecords.inc({ event: r.event, outcome: r.outcome });
      return r;
    },
  };
}
