// SPDX-License-Identifier: UNLICENSED
/**
 * Versioned schema migrations for SQLite. Contract: append only; never edit a released migration.
 * `PRAGMA user_version` holds the applied version; `schema_migrations` records when each was applied.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  upn TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  immutable_id TEXT NOT NULL UNIQUE,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  password_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(user_id);
CREATE TABLE staff (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('helpdesk', 'admin')),
  granted_at INTEGER NOT NULL,
  granted_by TEXT NOT NULL
);
CREATE TABLE api_clients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  key_id TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  networks TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE TABLE sealed_secrets (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  kid TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  payload BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sealed_secrets_kid ON sealed_secrets(kid);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  event TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_event ON audit_log(event, seq);
CREATE INDEX audit_log_subject ON audit_log(subject, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    version: 2,
    name: 'otp tokens and lockouts',
    sql: `
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind TEXT NOT NULL CHECK (kind IN ('hardware_totp', 'hardware_hotp', 'software_totp')),
  manufacturer TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  firmware TEXT,
  algorithm TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
  digits INTEGER NOT NULL CHECK (digits IN (6, 8)),
  period INTEGER NOT NULL CHECK (period IN (30, 60)),
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  state TEXT NOT NULL CHECK (state IN ('in_stock', 'programmed', 'assigned', 'pending', 'active', 'suspended', 'lost', 'revoked', 'needs_reprogramming')),
  seed_secret_id TEXT REFERENCES sealed_secrets(id),
  last_counter INTEGER NOT NULL DEFAULT -1,
  drift INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL CHECK (origin IN ('import', 'enrol', 'program')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX tokens_user ON tokens(user_id, state);
CREATE INDEX tokens_state ON tokens(state);
CREATE TABLE lockouts (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  factor TEXT NOT NULL CHECK (factor IN ('otp', 'password')),
  failures INTEGER NOT NULL,
  next_allowed_at INTEGER NOT NULL,
  last_attempt_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, factor)
) WITHOUT ROWID;
`,
  },
  {
    version: 3,
    name: 'graph provisioning',
    sql: `
CREATE TABLE graph_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE graph_links (
  user_id TEXT PRIMARY KEY,
  entra_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('enabled', 'disabled', 'deleted')),
  applied_hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE graph_runs (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('planned', 'applying', 'done', 'failed')),
  counts TEXT NOT NULL
);
CREATE INDEX graph_runs_status ON graph_runs(status, started_at);
CREATE TABLE graph_journal (
  run_id TEXT NOT NULL REFERENCES graph_runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
  result TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: 'federation and web sessions',
    sql: `
CREATE TABLE signin_transactions (
  id TEXT PRIMARY KEY,
  binding_hash TEXT NOT NULL,
  csrf TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('saml', 'wsfed', 'staff')),
  request TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE INDEX signin_transactions_expiry ON signin_transactions(expires_at);
CREATE TABLE web_sessions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('sso', 'staff')),
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  auth_at INTEGER NOT NULL,
  mfa_at INTEGER,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_sessions_user ON web_sessions(user_id, kind);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
CREATE TABLE seen_message_ids (
  issuer TEXT NOT NULL,
  message_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (issuer, message_id)
) WITHOUT ROWID;
CREATE INDEX seen_message_ids_expiry ON seen_message_ids(expires_at);
CREATE TABLE signing_keys (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('next', 'current', 'retired')),
  secret_id TEXT REFERENCES sealed_secrets(id) ON DELETE SET NULL,
  certificate TEXT NOT NULL,
  key_bits INTEGER NOT NULL,
  not_before INTEGER NOT NULL,
  not_after INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  activated_at INTEGER,
  retired_at INTEGER
);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys(state) WHERE state = 'current';
CREATE UNIQUE INDEX signing_keys_one_next ON signing_keys(state) WHERE state = 'next';
`,
  },
  {
    version: 5,
    name: 'token programming',
    sql: `
ALTER TABLE tokens ADD COLUMN pending_seed_secret_id TEXT REFERENCES sealed_secrets(id);
ALTER TABLE tokens ADD COLUMN device_key_secret_id TEXT REFERENCES sealed_secrets(id);
`,
  },
  {
    version: 6,
    name: 'self-service transactions',
    // SQLite cannot alter a CHECK constraint: the table is rebuilt (sqlite.org/lang_altertable.html §7) and its
    // index, dropped with the old table, recreated. No other table, trigger or view refers to it.
    sql: `
CREATE TABLE signin_transactions_v6 (
  id TEXT PRIMARY KEY,
  binding_hash TEXT NOT NULL,
  csrf TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('saml', 'wsfed', 'staff', 'self')),
  request TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  completed_at INTEGER
);
INSERT INTO signin_transactions_v6 (id, binding_hash, csrf, purpose, request, state, created_at, expires_at, completed_at)
  SELECT id, binding_hash, csrf, purpose, request, state, created_at, expires_at, completed_at FROM signin_transactions;
DROP TABLE signin_transactions;
ALTER TABLE signin_transactions_v6 RENAME TO signin_transactions;
CREATE INDEX signin_transactions_expiry ON signin_transactions(expires_at);
`,
  },
];

export const LATEST_SQLITE_VERSION = SQLITE_MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
