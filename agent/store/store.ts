// SPDX-License-Identifier: UNLICENSED
/**
 * Store interfaces. Every method is async so that a PostgreSQL implementation can follow without
 * touching callers. Implementations must:
 * - map unique-constraint violations to `MfaError('ERR_ALREADY_EXISTS', …, { data: { entity, field } })`;
 * - change security state (counters, last accepted steps, lockouts) only by single atomic statements;
 * - never return or log the plaintext of a secret (they only ever hold sealed blobs).
 * Times are milliseconds since the Unix epoch.
 */
import type { ProvisioningStore } from './provisioning-store-types.js';
import type { MessageIdStore, SigninTransactionStore, SigningKeyStore, WebSessionStore } from './signin-store-types.js';

export type * from './provisioning-store-types.js';
export type * from './signin-store-types.js';

export type StaffRole = 'helpdesk' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['helpdesk', 'admin'];

export interface UserRecord {
  id: string;
  /** Stored as given; looked up case-insensitively. */
  upn: string;
  displayName: string;
  /** Entra `onPremisesImmutableId`: generated once, never changed (not even on UPN rename). */
  immutableId: string;
  enabled: boolean;
  /** PHC-style scrypt hash, or null when no password is set. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface UserPatch {
  upn?: string;
  displayName?: string;
  enabled?: boolean;
  passwordHash?: string | null;
  updatedAt: number;
}

export interface UserQuery {
  enabled?: boolean;
  /** Case-insensitive substring of UPN or display name. */
  search?: string;
  limit?: number;
  offset?: number;
}

export interface UserStore {
  create(user: UserRecord): Promise<void>;
  getById(id: string): Promise<UserRecord | null>;
  getByUpn(upn: string): Promise<UserRecord | null>;
  getByImmutableId(immutableId: string): Promise<UserRecord | null>;
  list(query?: UserQuery): Promise<UserRecord[]>;
  count(): Promise<number>;
  /** Returns false when no user has this id. */
  update(id: string, patch: UserPatch): Promise<boolean>;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  createdAt: number;
}

export interface GroupStore {
  create(group: GroupRecord): Promise<void>;
  getById(id: string): Promise<GroupRecord | null>;
  getByName(name: string): Promise<GroupRecord | null>;
  list(): Promise<GroupRecord[]>;
  /** Idempotent; returns true when the membership was added now. */
  addMember(groupId: string, userId: string, at: number): Promise<boolean>;
  /** Idempotent; returns true when a membership was removed. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  listMembers(groupId: string): Promise<UserRecord[]>;
  listGroupsOfUser(userId: string): Promise<GroupRecord[]>;
  delete(id: string): Promise<boolean>;
}

export interface StaffRecord {
  userId: string;
  role: StaffRole;
  grantedAt: number;
  grantedBy: string;
}

export interface StaffStore {
  /** Grants or changes the role of a user. */
  grant(record: StaffRecord): Promise<void>;
  revoke(userId: string): Promise<boolean>;
  get(userId: string): Promise<StaffRecord | null>;
  list(): Promise<Array<StaffRecord & { upn: string; displayName: string }>>;
}

export interface ApiClientRecord {
  id: string;
  name: string;
  /** Public, non-secret lookup prefix of the key (the `kid` part of `mfa_<kid>_<secret>`). */
  keyId: string;
  /** Hex SHA-256 of the full key. Keys carry 256 random bits, so a fast hash is sufficient. */
  keyHash: string;
  /** CIDRs the client may call from; empty means any source. */
  networks: string[];
  enabled: boolean;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ApiClientStore {
  create(client: ApiClientRecord): Promise<void>;
  getById(id: string): Promise<ApiClientRecord | null>;
  getByName(name: string): Promise<ApiClientRecord | null>;
  getByKeyId(keyId: string): Promise<ApiClientRecord | null>;
  list(): Promise<ApiClientRecord[]>;
  /** Sets enabled=false and revokedAt; returns false when already revoked or unknown. */
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

/**
 * A secret sealed by the vault. `wrappedKey` is the per-secret data key wrapped by master key `kid`;
 * `payload` is the secret encrypted under the data key. Layouts are defined in `agent/vault/`.
 */
export interface SealedSecretRecord {
  id: string;
  /** What the secret is for (`token-seed`, `signing-key`, …); bound into the AEAD as associated data. */
  purpose: string;
  kid: string;
  wrappedKey: Buffer;
  payload: Buffer;
  createdAt: number;
  updatedAt: number;
}

export interface SecretStore {
  put(secret: SealedSecretRecord): Promise<void>;
  /**
   * Atomically replaces kid, wrapped key and payload of an existing secret of the same purpose
   * (one UPDATE). Returns false when no such secret exists.
   */
  replace(secret: SealedSecretRecord): Promise<boolean>;
  get(id: string): Promise<SealedSecretRecord | null>;
  delete(id: string): Promise<boolean>;
  /** Ids of secrets not wrapped by `kid`, oldest first, at most `limit`. */
  listIdsNotWrappedBy(kid: string, limit: number): Promise<string[]>;
  /** Count of secrets per master key id. */
  countByKid(): Promise<Record<string, number>>;
  /**
   * Atomically replaces the wrapped data key when the secret still holds `expected` (kid and the exact
   * wrapped key that was read). Returns false when it does not (rewrapped or replaced meanwhile, or deleted),
   * so a concurrent `replace` can never end up with a data key that does not open its payload.
   */
  rewrap(id: string, expected: { kid: string; wrappedKey: Buffer }, kid: string, wrappedKey: Buffer, at: number): Promise<boolean>;
}

export type TokenKind = 'hardware_totp' | 'hardware_hotp' | 'software_totp';
export const TOKEN_KINDS: readonly TokenKind[] = ['hardware_totp', 'hardware_hotp', 'software_totp'];

/**
 * Token lifecycle. Only `active` tokens satisfy a sign-in. `pending` is a soft token waiting for its first
 * code; `needs_reprogramming` is a hardware token whose burn was interrupted (no usable seed).
 */
export type TokenState =
  | 'in_stock' | 'programmed' | 'assigned' | 'pending' | 'active'
  | 'suspended' | 'lost' | 'revoked' | 'needs_reprogramming';
export const TOKEN_STATES: readonly TokenState[] = [
  'in_stock', 'programmed', 'assigned', 'pending', 'active', 'suspended', 'lost', 'revoked', 'needs_reprogramming',
];

export interface TokenRecord {
  id: string;
  /** Unique, compared case-insensitively. Soft tokens get a generated serial (`SOFT-…`). */
  serial: string;
  kind: TokenKind;
  manufacturer: string;
  model: string;
  firmware: string | null;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: 6 | 8;
  /** TOTP step in seconds; 30 for HOTP tokens (unused). */
  period: 30 | 60;
  userId: string | null;
  state: TokenState;
  /** Sealed secret (purpose `token-seed`) holding the OATH key, or null when none is usable. */
  seedSecretId: string | null;
  /**
   * Replay guard: the last accepted TOTP time step or HOTP counter; -1 before the first use.
   * A code is accepted only for a step/counter greater than this, and it only moves forward.
   */
  lastCounter: number;
  /** TOTP: the token clock's offset in steps, applied to later checks (RFC 6238 §6). 0 for HOTP. */
  drift: number;
  /** How the token entered the inventory: `import`, `enrol` (soft token) or `program` (burnt here). */
  origin: 'import' | 'enrol' | 'program';
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
}

export interface TokenQuery {
  userId?: string;
  state?: TokenState;
  limit?: number;
  offset?: number;
}

export interface TokenPatch {
  userId?: string | null;
  state?: TokenState;
  seedSecretId?: string | null;
  lastCounter?: number;
  drift?: number;
  /** What a (re)programming job found and burnt; the rest of the record's descriptive fields. */
  kind?: TokenKind;
  manufacturer?: string;
  model?: string;
  firmware?: string | null;
  algorithm?: TokenRecord['algorithm'];
  digits?: TokenRecord['digits'];
  period?: TokenRecord['period'];
  origin?: TokenRecord['origin'];
  updatedAt: number;
}

/**
 * What a programming job keeps on a token besides its active seed (`TokenRecord.seedSecretId`). Neither secret
 * ever satisfies a sign-in: the verifier reads only the active seed.
 */
export interface TokenProgrammingState {
  /** Sealed seed (purpose `token-seed`) meant for, or written to, the device and not proven yet; null when none. */
  pendingSeedSecretId: string | null;
  /** Sealed per-device key (purpose `token-device-key`, e.g. a Molto2 customer key); null while the factory key holds. */
  deviceKeySecretId: string | null;
}

/** One step of a programming job, applied by `TokenStore.applyProgramming` in one transaction. */
export interface TokenProgrammingChange {
  patch: TokenPatch;
  /** New programming references; omitted fields keep their value. */
  programming?: Partial<TokenProgrammingState>;
  /** Sealed secrets inserted first: the ones the change comes to reference. */
  insert?: readonly SealedSecretRecord[];
  /** Sealed secret ids deleted last: the ones the change stops referencing. */
  destroy?: readonly string[];
}

export interface TokenStore {
  /** Inserts the token and, in the same transaction, its sealed seed. */
  create(token: TokenRecord, seed: SealedSecretRecord | null): Promise<void>;
  /** All or nothing: every token and seed is inserted in one transaction, or none is. */
  createMany(items: ReadonlyArray<{ token: TokenRecord; seed: SealedSecretRecord | null }>): Promise<void>;
  getById(id: string): Promise<TokenRecord | null>;
  getBySerial(serial: string): Promise<TokenRecord | null>;
  list(query?: TokenQuery): Promise<TokenRecord[]>;
  /**
   * Applies `patch` when the token is in one of `fromStates` (any state when omitted) and, when `owner` is given,
   * belongs to that user (`null`: to no one); one statement. Returns false when the token is unknown, in another
   * state or of another owner.
   */
  update(id: string, patch: TokenPatch, fromStates?: readonly TokenState[], owner?: string | null): Promise<boolean>;
  /**
   * The replay guard: sets `lastCounter = counter`, `drift`, `lastUsedAt = at` only when `lastCounter < counter`
   * and the token is in `state`, in one conditional UPDATE. True for exactly one of any number of concurrent
   * callers presenting the same counter. Verification goes through `LockoutStore.claimAndAccept`, which
   * makes the same move together with counting the attempt.
   */
  advanceCounter(id: string, counter: number, drift: number, at: number, state: TokenState): Promise<boolean>;
  /** Tokens of one user in one state (the verifier's look-up), unordered. */
  listOfUser(userId: string, state: TokenState): Promise<TokenRecord[]>;
  /** The token's programming references; null when no token has this id. */
  programmingState(id: string): Promise<TokenProgrammingState | null>;
  /**
   * In one transaction, only while the token is in one of `fromStates`: inserts `change.insert`, applies the patch and
   * the programming references, deletes `change.destroy`. Returns false, with nothing changed (no secret inserted or
   * deleted), when the token is unknown or in another state. A crash leaves either all of it or none.
   */
  applyProgramming(id: string, change: TokenProgrammingChange, fromStates: readonly TokenState[]): Promise<boolean>;
}

export type LockoutFactor = 'otp' | 'password';

/** Exponential back-off with a hard lock (RFC 4226 §7.3). Times in milliseconds. */
export interface LockoutParams {
  /** Attempts allowed before delays start. */
  freeAttempts: number;
  /** Delay after the first delayed attempt; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Unresolved failures that lock the factor until a helpdesk reset. */
  maxFailures: number;
}

export interface LockoutRecord {
  userId: string;
  factor: LockoutFactor;
  /** Attempts claimed since the last success or reset (an attempt counts before it is checked). */
  failures: number;
  /** No attempt is allowed before this time. 0 when there is no delay. */
  nextAllowedAt: number;
  lastAttemptAt: number;
}

export type LockoutClaim =
  | { allowed: true; failures: number }
  | { allowed: false; failures: number; nextAllowedAt: number; hardLocked: boolean };

/** A code that matched a token, to be accepted if the attempt is allowed (see `claimAndAccept`). */
export interface AcceptCandidate {
  tokenId: string;
  /** The matched TOTP step or HOTP counter; accepted only if above the token's `lastCounter`. */
  counter: number;
  drift: number;
  /** The state the token must still be in. */
  state: TokenState;
}

export interface LockoutStore {
  /**
   * `claim`, then, only if the attempt is allowed, accepts the first candidate whose replay guard moves
   * (the conditional UPDATE of `advanceCounter`) and clears the failures, all in one transaction. So the
   * attempt is counted before anything is accepted, and nothing is accepted for a refused attempt.
   * `accepted` is null when no candidate could be accepted (none, or all replayed meanwhile).
   */
  claimAndAccept(userId: string, factor: LockoutFactor, now: number, params: LockoutParams, candidates: readonly AcceptCandidate[]): Promise<LockoutClaim & { accepted: AcceptCandidate | null }>;
  /**
   * Atomically claims one attempt for (user, factor) at `now`: refused while hard-locked
   * (`failures ≥ maxFailures`) or while `now < nextAllowedAt`; otherwise `failures` grows by one and the next
   * delay is set, all in one transaction, so N concurrent claims count N attempts.
   */
  claim(userId: string, factor: LockoutFactor, now: number, params: LockoutParams): Promise<LockoutClaim>;
  /** A verified success: failures and delay are cleared. */
  clear(userId: string, factor: LockoutFactor): Promise<void>;
  get(userId: string, factor: LockoutFactor): Promise<LockoutRecord | null>;
  listForUser(userId: string): Promise<LockoutRecord[]>;
}


export type AuditOutcome = 'success' | 'failure' | 'denied' | 'error';

export interface AuditEntryInput {
  ts: number;
  /** An event name from `docs/audit-events.md`, e.g. `user.created`. */
  event: string;
  /** Who: `staff:<upn>`, `user:<upn>`, `api:<client name>`, `cli:<os user>`, `system`. */
  actor: string;
  /** What it was done to (a UPN, a token serial, a client name), or null. */
  subject: string | null;
  /** From where: an IP address, `cli`, or `system`. */
  source: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntryInput {
  seq: number;
  /** Hex SHA-256 of the previous record, or 64 zeros for the first. */
  prevHash: string;
  hash: string;
}

export interface AuditStore {
  /**
   * Appends one record atomically. Inside the same transaction the store reads the chain head and
   * calls `seal(seq, prevHash)` to obtain the new record's hash, so concurrent appends cannot fork the chain.
   */
  append(input: AuditEntryInput, seal: (seq: number, prevHash: string) => string): Promise<AuditRecord>;
  /** Records with `seq > afterSeq`, ascending, at most `limit`. */
  list(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /** Newest first, for display; filters are exact matches. */
  recent(limit: number, filter?: { event?: string; subject?: string }): Promise<AuditRecord[]>;
  head(): Promise<{ seq: number; hash: string } | null>;
}

export interface SchemaStatus {
  /** Version recorded in the database. */
  current: number;
  /** Highest version this build knows. */
  latest: number;
}

export interface Store {
  readonly driver: 'sqlite' | 'postgres';
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly staff: StaffStore;
  readonly apiClients: ApiClientStore;
  readonly secrets: SecretStore;
  readonly tokens: TokenStore;
  readonly lockouts: LockoutStore;
  readonly provisioning: ProvisioningStore;
  readonly signin: SigninTransactionStore;
  readonly sessions: WebSessionStore;
  readonly messageIds: MessageIdStore;
  readonly signingKeys: SigningKeyStore;
  readonly audit: AuditStore;
  schemaStatus(): Promise<SchemaStatus>;
  /** Cheap liveness query. Throws when the database is unusable. */
  ping(): Promise<void>;
  /** Full integrity check (`PRAGMA integrity_check` on SQLite); returns problems, empty when sound. */
  integrityCheck(): Promise<string[]>;
  /** Consistent online copy of the database to `path` (for backup). */
  backupTo(path: string): Promise<void>;
  close(): Promise<void>;
}
