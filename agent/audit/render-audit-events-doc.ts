// SPDX-License-Identifier: UNLICENSED
import { AUDIT_EVENTS } from './audit-events.js';
import type { AuditEventSpec } from './audit-events.js';
import { REDACTED, SECRET_KEY_PATTERN } from './scrub-audit-details.js';

/**
 * Renders `docs/audit-events.md` from the catalogue: the record format, the actor and source formats,
 * the scrubbing rule, the hash chain layout and how it is verified, then one table of all events in
 * catalogue order. Deterministic: the same catalogue always gives the same text.
 */
export function renderAuditEventsDoc(): string {
  const rows = Object.entries(AUDIT_EVENTS).map(([name, spec]) => row(name, spec));
  return `${INTRO}
## Events

| event | written by | outcomes | details fields |
|---|---|---|---|
${rows.join('\n')}
`;
}

function row(name: string, spec: AuditEventSpec): string {
  const safe = spec.safeKeys ?? [];
  const details = Object.entries(spec.details)
    .map(([field, meaning]) => `\`${field}\`${safe.includes(field) ? ' (kept verbatim)' : ''}: ${meaning}`)
    .join('<br>');
  const outcomes = spec.outcomes.map((o) => `\`${o}\``).join(', ');
  const level = spec.logLevel === 'debug' ? ' Logged at `debug` (one per sign-in).' : '';
  return `| \`${name}\`<br>${cell(spec.description + level)} | ${cell(spec.writtenBy)} | ${outcomes} | ${cell(details)} |`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

const INTRO = `# Audit events

<!-- Generated from agent/audit/audit-events.ts by scripts/gen-audit-doc.ts. Do not edit by hand. -->

The appliance keeps an append-only audit log of who did what, when, from where and with what outcome.
Every record carries the SHA-256 of the record before it, so editing, removing or reordering a record
breaks the chain at that point. Records are written through \`createAuditLog\` (\`agent/audit/audit-log.ts\`),
which accepts only the events listed below.

## Record fields

- \`seq\`: position in the log, 1 for the first record, then consecutive.
- \`ts\`: when, in milliseconds since the Unix epoch (the daemon's clock).
- \`event\`: one of the event names in the table below.
- \`actor\`: who: \`staff:<upn>\` (a helpdesk or admin user in the console), \`user:<upn>\` (a user for
  themselves), \`api:<client name>\` (an API client), \`cli:<os user>\` (the \`mfa-appliance\` command), or
  \`system\` (the daemon itself).
- \`subject\`: what it was done to (a UPN, a group or client name, a secret id; see each event), or null.
- \`source\`: from where: the client IP address (after trusted-proxy handling), \`cli\`, or \`system\`.
- \`outcome\`: \`success\`, \`failure\` (the request was wrong, e.g. a bad password), \`denied\` (the
  caller was not allowed), or \`error\` (a fault). Each event allows only the outcomes listed for it.
- \`details\`: an object of event-specific fields, listed per event below.
- \`prevHash\`, \`hash\`: the chain links, described below.

## Secrets are never recorded

Before a record is hashed and stored, its details are scrubbed. Under any key matching
\`${SECRET_KEY_PATTERN.source}\` (case-insensitive, at any depth), strings become \`"${REDACTED}"\`, as do
strings inside arrays under such a key. Binary values are never recorded raw under any key. The only
exception is a top-level field an event marks "kept verbatim" below, such as \`keyId\`, which names a
key without revealing it (binary values there are written as hex). Numbers and booleans are always
kept, so \`passwordChanged: true\` is recorded as is.

## Hash chain

\`hash\` is the lowercase hex SHA-256 of these UTF-8 bytes (no trailing newline):

\`\`\`
"mfa-audit:v1\\n"
canonicalJson([seq, ts, event, actor, subject, source, outcome, details])
"\\n"
prevHash
\`\`\`

\`canonicalJson\` is JSON with no whitespace, object keys sorted by UTF-16 code units at every depth,
members with undefined values left out, and strings and numbers written as \`JSON.stringify\` writes
them. For example
\`[7,1700000000000,"user.created","cli:root","alice@contoso.com","cli","success",{"userId":"u1"}]\`.
\`prevHash\` is the \`hash\` of the record before, or 64 zeros for the first record.

The store appends each record in one transaction that reads the chain head, so concurrent writers
cannot fork the chain. The SQLite store also has triggers that reject \`UPDATE\` and \`DELETE\` on
\`audit_log\`.

## Verifying

\`mfa-appliance doctor\` verifies the chain with \`verifyAuditChain\` (\`agent/audit/verify-audit-chain.ts\`),
reading the log in batches from seq 1. It reports the first broken link as its \`seq\` and one of these reasons:

- \`seq_gap\`: a seq is missing (the first record must be 1), so records were deleted.
- \`first_not_genesis\`: the first record does not start from 64 zeros, so the start of the log was removed.
- \`prev_hash_mismatch\`: a record does not point at the hash of the record before it.
- \`hash_mismatch\`: a record's content no longer matches its hash, so it was edited.

Removing records from the end leaves a sound but shorter chain. To notice that, compare the
\`checked\` count and \`headHash\` with the \`audit.verified\` record of an earlier run, or with a copy
kept elsewhere.
`;
