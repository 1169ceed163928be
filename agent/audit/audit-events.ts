// SPDX-License-Identifier: UNLICENSED
import type { AuditOutcome } from '../store/store.js';
import { GRAPH_AUDIT_EVENTS } from './graph-audit-events.js';
import { SIGNIN_AUDIT_EVENTS } from './signin-audit-events.js';

/**
 * One entry of the audit event catalogue. `docs/audit-events.md` is generated from these entries
 * (`scripts/gen-audit-doc.ts`); a test fails when the document is stale.
 */
export interface AuditEventSpec {
  /** What happened, in one or two sentences; says what `subject` holds. */
  readonly description: string;
  /** The component (folder or command) that writes the event. */
  readonly writtenBy: string;
  /** Detail field → meaning. Fields not listed here may still appear but are undocumented. */
  readonly details: Readonly<Record<string, string>>;
  /** The outcomes this event may carry; `record()` rejects any other. */
  readonly outcomes: readonly AuditOutcome[];
  /**
   * Top-level detail fields whose names look secret (they match the scrub pattern of
   * `createAuditLog`) but whose values are public identifiers, so they are kept verbatim.
   * Every entry must also be a key of `details`.
   */
  readonly safeKeys?: readonly string[];
  /**
   * Level of the one log line each record produces. `debug` for the per-sign-in events that can come
   * thousands of times a minute (the audit log itself keeps every one); `info` otherwise.
   */
  readonly logLevel?: 'info' | 'debug';
}

const ADMIN: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const USER_ID = 'id of the user';
const REASON = 'why it failed or was denied (a short machine-readable word), absent on success';

const EVENTS = {
  'service.started': {
    description: 'The daemon finished starting and is serving. Subject: none.',
    writtenBy: 'agent/main.ts',
    details: { version: 'package version', pid: 'process id', listen: 'HTTP listen address', storeDriver: '`sqlite` or `postgres`' },
    outcomes: ['success'],
  },
  'service.stopped': {
    description: 'The daemon stopped; `error` when it stopped because of a fault. Subject: none.',
    writtenBy: 'agent/main.ts',
    details: { signal: 'the signal that stopped it, if any', uptimeMs: 'time since start', reason: 'the fault, on `error`' },
    outcomes: ['success', 'error'],
  },
  'config.warning': {
    description: 'The daemon started with an unsafe default (a "MUST change" setting such as HTTP without TLS or an emulator backend). Subject: the key path.',
    writtenBy: 'agent/main.ts',
    details: { setting: 'dotted config key path', warning: 'what is unsafe and what to change' },
    outcomes: ['success'],
  },
  'user.created': {
    description: 'A user was created. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: {
      userId: USER_ID,
      immutableId: 'Entra `onPremisesImmutableId` given to the user',
      enabled: 'whether the user starts enabled',
      hasPassword: 'whether a password was set (never the password)',
      reason: REASON,
    },
    outcomes: ADMIN,
  },
  'user.updated': {
    description: 'Attributes of a user changed. Subject: the UPN (the new one after a rename).',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, changed: 'names of the changed fields (names only, never values)', previousUpn: 'the old UPN after a rename', reason: REASON },
    outcomes: ADMIN,
  },
  'user.enabled': {
    description: 'A user was enabled. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, reason: REASON },
    outcomes: ADMIN,
  },
  'user.disabled': {
    description: 'A user was disabled. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, reason: REASON },
    outcomes: ADMIN,
  },
  'user.password_set': {
    description: 'A password was set by staff, the CLI or the user. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, reason: REASON },
    outcomes: ADMIN,
  },
  'user.password_verified': {
    description: 'A password was checked (sign-in page, RADIUS, verify API). Subject: the UPN as typed.',
    writtenBy: 'agent/policy (check-password: sign-in page, RADIUS)',
    details: {
      userId: 'id of the user, absent when unknown',
      reason: '`wrong_password`, `no_password`, `disabled` or `unknown_user`; or, refused unchecked, `user_delay`, `user_hard_lock` or `source_locked`',
      failures: 'the user\'s unresolved password failures including this attempt, when locked',
    },
    outcomes: ['success', 'failure'],
    logLevel: 'debug',
  },
  'group.created': {
    description: 'A group was created. Subject: the group name.',
    writtenBy: 'agent/directory',
    details: { groupId: 'id of the group', reason: REASON },
    outcomes: ADMIN,
  },
  'group.deleted': {
    description: 'A group was deleted. Subject: the group name.',
    writtenBy: 'agent/directory',
    details: { groupId: 'id of the group', reason: REASON },
    outcomes: ADMIN,
  },
  'group.member_added': {
    description: 'A user was added to a group. Subject: the member\'s UPN.',
    writtenBy: 'agent/directory',
    details: { groupId: 'id of the group', group: 'group name', userId: USER_ID, reason: REASON },
    outcomes: ADMIN,
  },
  'group.member_removed': {
    description: 'A user was removed from a group. Subject: the member\'s UPN.',
    writtenBy: 'agent/directory',
    details: { groupId: 'id of the group', group: 'group name', userId: USER_ID, reason: REASON },
    outcomes: ADMIN,
  },
  'staff.granted': {
    description: 'A user was given a staff role, or their role changed. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, role: '`helpdesk` or `admin`', previousRole: 'the role before, if any', reason: REASON },
    outcomes: ADMIN,
  },
  'staff.revoked': {
    description: 'A staff role was removed. Subject: the UPN.',
    writtenBy: 'agent/directory',
    details: { userId: USER_ID, role: 'the role removed', reason: REASON },
    outcomes: ADMIN,
  },
  'api_client.created': {
    description: 'An API client was created; its key is shown once and never recorded. Subject: the client name.',
    writtenBy: 'agent/directory',
    details: { clientId: 'id of the client', keyId: 'public key id (the `kid` of `mfa_<kid>_<secret>`)', networks: 'allowed CIDRs', reason: REASON },
    outcomes: ADMIN,
    safeKeys: ['keyId'],
  },
  'api_client.revoked': {
    description: 'An API client was revoked. Subject: the client name.',
    writtenBy: 'agent/directory',
    details: { clientId: 'id of the client', keyId: 'public key id', reason: REASON },
    outcomes: ADMIN,
    safeKeys: ['keyId'],
  },
  'api_client.authenticated': {
    description: 'A call presented an API key. Every failure is recorded; a success is not when the call\'s own record names the client (each `POST /api/v1/verify` is one `otp.verified` record with actor `api:<client>`). `denied`: valid key from a source outside its networks. Subject: the client name, when the key id is known.',
    writtenBy: 'agent/directory (called by web/routes/api)',
    details: { clientId: 'id of the client, when known', keyId: 'public key id as presented', reason: '`malformed`, `unknown_key`, `wrong_key`, `revoked` or `network_not_allowed`' },
    outcomes: ['success', 'failure', 'denied'],
    logLevel: 'debug',
    safeKeys: ['keyId'],
  },
  'otp.verified': {
    description: 'A one-time code was checked (sign-in, verify API, enrolment, password change). `denied`: refused without checking because the user or the source address is locked out. Subject: the UPN (or the token serial when checking one token).',
    writtenBy: 'agent/otp',
    details: {
      purpose: '`sign-in`, `api`, `password-change` or `enrolment`',
      reason: '`wrong_code`, `replayed`, `locked` or `no_token`, absent on success (what the caller was told)',
      tokenId: 'the token that matched, or whose code was replayed',
      serial: 'that token\'s serial',
      failures: 'the user\'s unresolved OTP failures including this attempt',
      nowHardLocked: 'true when this failure reached the hard lock',
      lockedBy: '`user_delay`, `user_hard_lock` or `source`, when denied',
      retryAt: 'when the delay ends (ms since epoch), when `user_delay`',
      cause: '`user_unknown`, `user_disabled`, `no_active_token`, `token_unassigned` or `token_<state>`, when `no_token`',
    },
    outcomes: ['success', 'failure', 'denied'],
    logLevel: 'debug',
    safeKeys: ['tokenId'],
  },
  'lockout.reset': {
    description: 'Helpdesk cleared a user\'s failure counters and delays. Subject: the UPN.',
    writtenBy: 'agent/policy (`mfa-appliance user unlock`)',
    details: { userId: USER_ID, factors: 'factors cleared (`otp`, `password`)', failures: 'failure count per factor before the reset' },
    outcomes: ['success'],
  },
  'token.imported': {
    description: 'Token seeds were imported from a file, in one transaction. Subject: the file name.',
    writtenBy: 'agent/tokens (`mfa-appliance token import`)',
    details: { format: '`pskc`, `entra-csv` or `oath-csv`', count: 'tokens imported', serials: 'their serials', assigned: 'tokens assigned to users from the file', reason: REASON },
    outcomes: ADMIN,
  },
  'token.assigned': {
    description: 'A token was assigned to a user (and activated when its seed is proven), by the helpdesk or by the user on the self-service page (`/me/tokens/activate`, actor `user:<upn>`). Subject: the token serial (as typed, on a failed self-service attempt).',
    writtenBy: 'agent/tokens',
    details: {
      tokenId: 'id of the token', userId: USER_ID, upn: 'the user\'s UPN', state: 'the token\'s state afterwards',
      via: '`self-service` when the user took a stock token', cause: 'what was wrong besides the lockout, when denied',
      reason: '`wrong_password`, `locked`, `has_token` (the user already has an active token), `unknown_serial`, `token_<state>`, `token_assigned`, `no_seed`, `wrong_code`, `replayed`, `no_token` or `taken_meanwhile`; absent on success',
    },
    outcomes: ADMIN,
    safeKeys: ['tokenId'],
  },
  'token.state_changed': {
    description: 'A token changed lifecycle state (revoked, suspended, lost, reinstated, unassigned). Subject: the token serial.',
    writtenBy: 'agent/tokens',
    details: { tokenId: 'id of the token', from: 'previous state', to: 'new state', reason: 'why, as given by the operator' },
    outcomes: ADMIN,
    safeKeys: ['tokenId'],
  },
  'token.enrolled': {
    description: 'An authenticator app was enrolled: a soft token is pending until its first code is confirmed. Subject: the UPN.',
    writtenBy: 'agent/tokens',
    details: { tokenId: 'id of the new token', serial: 'its generated serial', algorithm: 'HMAC', digits: 'code length', period: 'step in seconds' },
    outcomes: ['success'],
    safeKeys: ['tokenId'],
  },
  'token.activated': {
    description: 'A pending token was activated by a correct first code. Subject: the token serial.',
    writtenBy: 'agent/tokens',
    details: { tokenId: 'id of the token', userId: USER_ID },
    outcomes: ['success'],
    safeKeys: ['tokenId'],
  },
  'token.resynced': {
    description: 'A token was resynchronised with two consecutive codes. Subject: the token serial.',
    writtenBy: 'agent/tokens',
    details: { tokenId: 'id of the token', drift: 'recorded drift in steps (TOTP)', counter: 'the new last accepted step or counter', reason: '`wrong_code`, `replayed`, `locked`, `drift_too_large` (beyond `otp.maxDriftSteps`) or `no_user`, on failure' },
    outcomes: ['success', 'failure', 'denied'],
    safeKeys: ['tokenId'],
  },
  'token.exported': {
    description: 'Token seeds left the appliance in an export file (Entra CSV or Graph JSON). Subject: the output file, or `stdout`.',
    writtenBy: 'agent/tokens (`mfa-appliance token export`)',
    details: { format: '`entra-csv` or `graph-json`', count: 'tokens exported', serials: 'their serials' },
    outcomes: ['success', 'denied'],
  },
  'token.programmed': {
    description: 'A programmable hardware token was burned with a new seed and the seed proven (read back or a code entered). Subject: the token serial.',
    writtenBy: 'agent/tokens (`token program`, console)',
    details: {
      tokenId: 'id of the token', reader: 'the reader it was tapped on', model: 'detected model', kind: '`ykoath`, `token2` or `molto2`',
      userId: 'the user it was assigned to, absent for stock', proof: '`calculate` (read back) or `entered_code`', bulk: 'true in bulk mode',
      durationMs: 'tap to done, excluding code entry', step: 'the step that failed', reason: REASON,
    },
    outcomes: ['success', 'failure'],
    safeKeys: ['tokenId'],
  },
  'vault.rotated': {
    description: 'Sealed secrets were rewrapped under a new master key. Subject: the new master key id.',
    writtenBy: 'agent/vault',
    details: { fromKids: 'master key ids rewrapped from', toKid: 'the new master key id', rewrapped: 'number of secrets rewrapped', remaining: 'secrets still on old keys', reason: 'the fault, on `failure`/`error`' },
    outcomes: ['success', 'failure', 'error'],
  },
  'vault.secret_sealed': {
    description: 'A secret (token seed, signing key, client secret) was sealed and stored. Subject: the secret id.',
    writtenBy: 'agent/tokens, agent/federation, agent/provisioning (the service that seals it, which knows the actor)',
    details: { secretId: 'id of the sealed secret', purpose: 'what it is for (`token-seed`, `signing-key`, …)', kid: 'master key id that wraps it' },
    outcomes: ['success', 'error'],
    safeKeys: ['secretId'],
  },
  'vault.secret_destroyed': {
    description: 'A sealed secret was deleted. Subject: the secret id.',
    writtenBy: 'agent/tokens, agent/federation, agent/provisioning (the service that destroys it, which knows the actor)',
    details: { secretId: 'id of the sealed secret', purpose: 'what it was for' },
    outcomes: ['success'],
    safeKeys: ['secretId'],
  },
  'audit.verified': {
    description: 'The audit hash chain was verified. `failure`: a broken link was found. Subject: none.',
    writtenBy: 'agent/ops (`mfa-appliance doctor`)',
    details: { checked: 'records verified', headHash: 'hash of the last record, when sound', brokenSeq: 'seq of the first broken record', reason: '`hash_mismatch`, `prev_hash_mismatch`, `seq_gap` or `first_not_genesis`' },
    outcomes: ['success', 'failure', 'error'],
  },
  'backup.created': {
    description: 'A consistent copy of the database was written. Subject: the backup file path.',
    writtenBy: 'agent/ops (`mfa-appliance backup`)',
    details: { bytes: 'size of the backup', reason: 'the fault, on `error`' },
    outcomes: ['success', 'error'],
  },
  'backup.restored': {
    description: 'The database was replaced by a backup; this is the first record written after the restore. Subject: the backup file path.',
    writtenBy: 'agent/ops (`mfa-appliance restore`)',
    details: { previous: 'where the replaced database was moved', backupRecords: 'audit records in the backup', schemaVersion: 'schema version of the backup before migration' },
    outcomes: ['success'],
  },
  'init.completed': {
    description: '`mfa-appliance init` wrote a starter configuration, master key and TLS certificate. Subject: the directory.',
    writtenBy: 'agent/cli (`mfa-appliance init`)',
    details: { publicUrl: 'the public URL written to config.yaml' },
    outcomes: ['success'],
  },
  ...GRAPH_AUDIT_EVENTS,
  ...SIGNIN_AUDIT_EVENTS,
} as const satisfies Record<string, AuditEventSpec>;

/** The name of a catalogued audit event, e.g. `user.created`. */
export type AuditEventName = keyof typeof EVENTS;

/**
 * The audit event catalogue: every event the daemon writes, with the component that writes it,
 * its detail fields and its allowed outcomes. Deeply frozen.
 */
export const AUDIT_EVENTS: Readonly<Record<AuditEventName, AuditEventSpec>> = deepFreeze(EVENTS);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
