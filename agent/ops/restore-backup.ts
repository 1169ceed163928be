// SPDX-License-Identifier: UNLICENSED
import { chmodSync, copyFileSync, existsSync, renameSync } from 'node:fs';
import type { Actor } from '../actor.js';
import { createAuditLog } from '../audit/audit-log.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Keyring } from '../vault/keyring.js';
import { assertDaemonStopped } from './daemon-lock.js';

export interface RestoreResult {
  from: string;
  /** Where the replaced database was moved, or null when there was none. */
  previous: string | null;
  backupRecords: number;
  schemaVersion: number;
}

export interface RestoreDeps {
  dataDir: string;
  /** The live database file (`store.sqlite.path`). */
  databasePath: string;
  keyring: Keyring;
  clock: Clock;
  logger: Logger;
  actor: Actor;
}

/**
 * Replaces the live database with a backup. Refuses, before changing anything, when the daemon runs,
 * when the backup fails its integrity check, comes from a newer schema, has a broken audit chain, or
 * holds secrets under a master key the key file lacks. The replaced database (with any `-wal`/`-shm`)
 * is kept beside it as `<db>.pre-restore-<time>`. The restored database is migrated to this release and
 * its first new audit record is `backup.restored`.
 */
export async function restoreBackup(deps: RestoreDeps, from: string): Promise<RestoreResult> {
  assertDaemonStopped(deps.dataDir, 'restore');
  if (!existsSync(from)) throw new MfaError('ERR_NOT_FOUND', `no backup file ${from}`, { data: { file: from } });
  const checked = await checkBackup(deps, from);
  const live = deps.databasePath;
  let previous: string | null = null;
  if (existsSync(live)) {
    previous = `${live}.pre-restore-${new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['-wal', '-shm', '']) {
      if (existsSync(live + suffix)) renameSync(live + suffix, previous + suffix);
    }
  }
  const staging = `${live}.restoring`;
  copyFileSync(from, staging);
  chmodSync(staging, 0o600);
  renameSync(staging, live);
  const store = await openSqliteStore({ path: live, clock: deps.clock, logger: deps.logger });
  try {
    await createAuditLog({ store: store.audit, clock: deps.clock, logger: deps.logger }).record({
      event: 'backup.restored', actor: deps.actor.id, source: deps.actor.source, outcome: 'success', subject: from,
      details: { previous, backupRecords: checked.records, schemaVersion: checked.schemaVersion },
    });
  } finally {
    await store.close();
  }
  return { from, previous, backupRecords: checked.records, schemaVersion: checked.schemaVersion };
}

async function checkBackup(deps: RestoreDeps, file: string): Promise<{ records: number; schemaVersion: number }> {
  const backup = await openSqliteStore({ path: file, readonly: true, clock: deps.clock, logger: deps.logger });
  try {
    const problems = await backup.integrityCheck();
    if (problems.length > 0) throw new MfaError('ERR_STORE', `backup ${file} failed its integrity check: ${problems[0] ?? ''}`, { data: { file } });
    const chain = await verifyAuditChain(backup.audit);
    if (!chain.ok) {
      throw new MfaError('ERR_AUDIT', `backup ${file} has a broken audit chain at seq ${chain.firstBroken.seq} (${chain.firstBroken.reason}); refusing to restore it`, {
        data: { file, ...chain.firstBroken },
      });
    }
    const missing = Object.keys(await backup.secrets.countByKid()).filter((kid) => deps.keyring.get(kid) === undefined);
    if (missing.length > 0) {
      throw new MfaError('ERR_VAULT_UNKNOWN_KEY', `backup ${file} holds secrets under master key(s) ${missing.join(', ')}, which the key file lacks; add the retired key line after the active one (docs/vault.md) and retry`, {
        data: { file, kids: missing },
      });
    }
    return { records: chain.checked, schemaVersion: (await backup.schemaStatus()).current };
  } finally {
    await backup.close();
  }
}
