// SPDX-License-Identifier: UNLICENSED
import { isIP } from 'node:net';
import { MfaError } from '../errors.js';
import { AUDIT_EVENTS } from './audit-events.js';
import type { AuditEventName, AuditEventSpec } from './audit-events.js';
import { hashAuditRecord } from './hash-record.js';
import { scrubAuditDetails } from './scrub-audit-details.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { AuditEntryInput, AuditOutcome, AuditRecord, AuditStore } from '../store/store.js';

/** One thing to record. Formats are those of `AuditEntryInput` in agent/store/store.ts. */
export interface AuditEntry {
  event: AuditEventName;
  /** `staff:<upn>`, `user:<upn>`, `api:<client name>`, `cli:<os user>` or `system`. */
  actor: string;
  /** What it was done to; see the event's description. Absent means null. */
  subject?: string | null;
  /** An IP address, `cli` or `system`. */
  source: string;
  outcome: AuditOutcome;
  /** Event-specific fields (see the catalogue); scrubbed by `scrubAuditDetails` before storing. */
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /**
   * Appends one hash-chained record, with `ts` from the clock, and returns it as stored.
   * Rejects with `MfaError('ERR_AUDIT')` before writing anything when the event is not in
   * `AUDIT_EVENTS`, the outcome is not one the event allows, the actor or source is malformed, or the
   * details are not JSON-like after scrubbing. Store faults propagate unchanged. Concurrent calls are
   * safe: the store serialises appends and the chain cannot fork.
   */
  record(entry: AuditEntry): Promise<AuditRecord>;
}

export interface AuditLogDeps {
  store: AuditStore;
  clock: Clock;
  logger: Logger;
}

const ACTOR = /^(?:system|(?:staff|user|api|cli):\S.*)$/s;

/** Creates the audit log writer. Every record also produces one log line (no details), at the event's `logLevel` (default `info`). */
export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const { store, clock, logger } = deps;
  return {
    async record(entry) {
      const spec = eventSpec(entry.event);
      checkEntry(entry, spec);
      const input: AuditEntryInput = {
        ts: clock.now(),
        event: entry.event,
        actor: entry.actor,
        subject: entry.subject ?? null,
        source: entry.source,
        outcome: entry.outcome,
        details: scrubbedDetails(entry, spec),
      };
      // A details value canonical JSON cannot encode fails the hash inside the append transaction,
      // which then rolls back: nothing is written, and the caller gets ERR_AUDIT.
      const record = await store.append(input, (seq, prevHash) => {
        try {
          return hashAuditRecord(seq, prevHash, input);
        } catch (err) {
          throw new MfaError('ERR_AUDIT', `audit event ${entry.event}: details are not JSON-like`, { cause: err, data: { event: entry.event } });
        }
      });
      const line = { event: record.event, actor: record.actor, subject: record.subject, outcome: record.outcome, seq: record.seq };
      if (spec.logLevel === 'debug') logger.debug(line, 'audit');
      else logger.info(line, 'audit');
      return record;
    },
  };
}

function eventSpec(event: string): AuditEventSpec {
  if (typeof event !== 'string' || !Object.hasOwn(AUDIT_EVENTS, event)) {
    throw new MfaError('ERR_AUDIT', `unknown audit event ${JSON.stringify(event)}`, { data: { event } });
  }
  return AUDIT_EVENTS[event as AuditEventName];
}

function checkEntry(entry: AuditEntry, spec: AuditEventSpec): void {
  const fail = (what: string): never => {
    throw new MfaError('ERR_AUDIT', `audit event ${entry.event}: ${what}`, { data: { event: entry.event } });
  };
  if (!spec.outcomes.includes(entry.outcome)) fail(`outcome ${JSON.stringify(entry.outcome)} not allowed`);
  if (typeof entry.actor !== 'string' || !ACTOR.test(entry.actor)) fail(`malformed actor ${JSON.stringify(entry.actor)}`);
  const { source } = entry;
  if (typeof source !== 'string' || !(source === 'cli' || source === 'system' || isIP(source) !== 0)) {
    fail(`malformed source ${JSON.stringify(source)}`);
  }
  if (entry.subject !== undefined && entry.subject !== null && typeof entry.subject !== 'string') fail('subject must be a string');
}

function scrubbedDetails(entry: AuditEntry, spec: AuditEventSpec): Record<string, unknown> {
  const raw = entry.details ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MfaError('ERR_AUDIT', `audit event ${entry.event}: details must be an object`, { data: { event: entry.event } });
  }
  return scrubAuditDetails(raw, spec.safeKeys ?? []);
}
