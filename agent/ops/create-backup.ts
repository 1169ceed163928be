// SPDX-License-Identifier: UNLICENSED
import { existsSync, statSync, unlinkSync } from 'node:fs';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
}

/**
 * Writes a consistent online copy of the database to `file` (mode 0600; refuses to overwrite), then
 * opens the copy read-only and checks its integrity and schema before reporting success. Secrets in it
 * stay sealed: the copy is useless without the master key, which is NOT included and must be kept
 * separately. A failed copy is removed. Audited as `backup.created`.
 */
export async function createBackup(deps: { store: Store; audit: AuditLog; clock: Clock; logger: Logger; actor: Actor }, file: string): Promise<BackupResult> {
  if (existsSync(file)) {
    throw new MfaError('ERR_REFUSE_OVERWRITE', `refusing to overwrite ${file}`, { data: { files: [file] } });
  }
  try {
    await deps.store.backupTo(file);
    const copy = await openSqliteStore({ path: file, readonly: true, clock: deps.clock, logger: deps.logger });
    let schemaVersion: number;
    try {
      const problems = await copy.integrityCheck();
      if (problems.length > 0) throw new MfaError('ERR_STORE', `backup ${file} failed its integrity check: ${problems[0] ?? ''}`);
      schemaVersion = (await copy.schemaStatus()).current;
    } finally {
      await copy.close();
    }
    const bytes = statSync(file).size;
    await deps.audit.record({ event: 'backup.created', actor: deps.actor.id, source: deps.actor.source, outcome: 'success', subject: file, details: { bytes } });
    return { file, bytes, schemaVersion };
  } catch (err) {
    if (existsSync(file) && !(err instanceof MfaError && err.code === 'ERR_REFUSE_OVERWRITE')) unlinkSync(file);
    await deps.audit.record({
      event: 'backup.created', actor: deps.actor.id, source: deps.actor.source, outcome: 'error', subject: file,
      details: { reason: err instanceof Error ? err.message : String(err) },
    }).catch(() => undefined);
    throw err;
  }
}
