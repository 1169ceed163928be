// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SecretStore } from '../store/store.js';
import { rewrapEnvelope } from './envelope.js';
import { isCredentialPath } from './is-credential-path.js';
import { createKeyring, type Keyring } from './keyring.js';
import { generateMasterKeyLine, parseMasterKeyFile, writeMasterKeyFile, type MasterKey } from './master-key-file.js';
import { readMasterKeyFile } from './read-master-key-file.js';

export interface RotateMasterKeyDeps {
  store: SecretStore;
  /** The master key file to rotate in place (the source file, never a systemd credential copy). */
  file: string;
  /** systemd's `$CREDENTIALS_DIRECTORY`; a `file` inside it is refused. */
  credentialsDirectory?: string;
  random: Random;
  clock: Clock;
  logger: Logger;
  /** Called with (0, total) before rewrapping and after each rewrapped secret. An exception aborts the rotation. */
  onProgress?: (done: number, total: number) => void;
  /** Secrets listed per store query. @default 100 */
  batchSize?: number;
  /** When given, the run is recorded as a `vault.rotated` audit event (success, or error with its reason). */
  audit?: { log: AuditLog; actor: Actor };
}

export interface RotateMasterKeyResult {
  /** Kids that were retired (removed from the file). */
  oldKids: string[];
  newKid: string;
  /** Secrets rewrapped by this run. */
  rewrapped: number;
  /** True when this run finished a rotation an earlier run had started. */
  resumed: boolean;
}

/**
 * Rotates the master key without touching any payload; only each secret's data key is rewrapped.
 * Crash-safe order, each step leaving a key file that opens every secret:
 * 1. atomically write the file as [new key, …old keys] — skipped when the file already holds more
 *    than one key: then a rotation is unfinished and its first key is the new key (resume);
 * 2. rewrap every secret not wrapped by the new kid, in batches, each by a conditional `store.rewrap`;
 * 3. when none remain, atomically write the file with the new key only.
 * Refuses (`ERR_VAULT_ROTATE`) a file inside `$CREDENTIALS_DIRECTORY`. Before step 1 it refuses
 * (`ERR_VAULT_UNKNOWN_KEY`) when the store holds secrets under a kid the file lacks. A secret that
 * fails to unwrap aborts with `ERR_VAULT_DECRYPT` and leaves all keys in the file.
 * The daemon must not seal or open secrets meanwhile (stop it; see docs/vault.md).
 */
export async function rotateMasterKey(deps: RotateMasterKeyDeps): Promise<RotateMasterKeyResult> {
  const progress: Progress = { newKid: null, oldKids: [], rewrapped: 0 };
  let result: RotateMasterKeyResult;
  try {
    result = await rotate(deps, progress);
  } catch (err) {
    await auditFailure(deps, progress, err);
    throw err;
  }
  if (deps.audit !== undefined) {
    const { log, actor } = deps.audit;
    await log.record({
      event: 'vault.rotated', actor: actor.id, source: actor.source, subject: result.newKid, outcome: 'success',
      details: { fromKids: result.oldKids, toKid: result.newKid, rewrapped: result.rewrapped, remaining: 0 },
    });
  }
  return result;
}

/** What a run had done when it stopped, for the audit record of a failed run. */
interface Progress {
  newKid: string | null;
  oldKids: string[];
  rewrapped: number;
}

async function auditFailure(deps: RotateMasterKeyDeps, progress: Progress, err: unknown): Promise<void> {
  if (deps.audit === undefined) return;
  const { log, actor } = deps.audit;
  const reason = err instanceof MfaError ? err.code : 'exception';
  try {
    const counts = await deps.store.countByKid();
    const remaining = Object.entries(counts).reduce((sum, [kid, n]) => (kid === progress.newKid ? sum : sum + n), 0);
    await log.record({
      event: 'vault.rotated', actor: actor.id, source: actor.source, subject: progress.newKid, outcome: 'error',
      details: { fromKids: progress.oldKids, toKid: progress.newKid, rewrapped: progress.rewrapped, remaining, reason },
    });
  } catch (auditErr) {
    deps.logger.error({ err: auditErr, reason }, 'master key rotation failed and could not be audited');
  }
}

async function rotate(deps: RotateMasterKeyDeps, progress: Progress): Promise<RotateMasterKeyResult> {
  const { store, file, random } = deps;
  const logger = deps.logger.child({ module: 'vault-rotate' });
  if (isCredentialPath(file, deps.credentialsDirectory)) {
    throw new MfaError(
      'ERR_VAULT_ROTATE',
      `master key ${file} is a systemd credential (read-only copy); rotate the source file instead with ` +
        '`mfa-appliance vault rotate --key-file <source file>`, then restart the service',
      { data: { file } },
    );
  }
  let keys = readMasterKeyFile({ file });
  const counts = await store.countByKid();
  const missing = Object.keys(counts).filter((kid) => !keys.some((k) => k.kid === kid));
  if (missing.length > 0) {
    throw new MfaError(
      'ERR_VAULT_UNKNOWN_KEY',
      `the store holds secrets wrapped by master key(s) ${missing.join(', ')} that ${file} lacks; add those key lines before rotating`,
      { data: { file, kids: missing } },
    );
  }
  const resumed = keys.length > 1;
  if (!resumed) {
    keys = [newMasterKey(random, keys, file), ...keys];
    await writeMasterKeyFile(file, keys);
  }
  const [active, ...older] = keys as [MasterKey, ...MasterKey[]];
  const oldKids = older.map((k) => k.kid);
  progress.newKid = active.kid;
  progress.oldKids = oldKids;
  const total = Object.entries(counts).reduce((sum, [kid, n]) => (kid === active.kid ? sum : sum + n), 0);
  logger.info({ file, newKid: active.kid, oldKids, total, resumed }, 'master key rotation: rewrapping data keys');

  const rewrapped = await rewrapAll(deps, createKeyring(keys), total, progress);
  await writeMasterKeyFile(file, [active]);
  logger.info({ file, newKid: active.kid, oldKids, rewrapped }, 'master key rotation finished; restart the service');
  return { oldKids, newKid: active.kid, rewrapped, resumed };
}

function newMasterKey(random: Random, existing: readonly MasterKey[], file: string): MasterKey {
  for (;;) {
    const [key] = parseMasterKeyFile(generateMasterKeyLine(random), file);
    if (key !== undefined && !existing.some((k) => k.kid === key.kid)) return key;
  }
}

/** Step 2: rewraps until the store lists no secret outside the active kid; returns how many it rewrapped. */
async function rewrapAll(deps: RotateMasterKeyDeps, keyring: Keyring, total: number, progress: Progress): Promise<number> {
  const { store, random, clock, onProgress } = deps;
  const batchSize = deps.batchSize ?? 100;
  let done = 0;
  onProgress?.(done, total);
  for (;;) {
    const ids = await store.listIdsNotWrappedBy(keyring.active, batchSize);
    if (ids.length === 0) return done;
    let progressed = false;
    for (const id of ids) {
      const record = await store.get(id);
      if (record === null || record.kid === keyring.active) {
        progressed = true;
        continue;
      }
      const wrappedKey = rewrapEnvelope(keyring, random, record, keyring.active);
      if (await store.rewrap(id, { kid: record.kid, wrappedKey: record.wrappedKey }, keyring.active, wrappedKey, clock.now())) {
        progressed = true;
        done += 1;
        progress.rewrapped = done;
        onProgress?.(done, total);
      }
    }
    if (!progressed) {
      throw new MfaError('ERR_VAULT_ROTATE', 'sealed secrets keep changing during rotation; stop the service and run rotate again', {
        data: { ids },
      });
    }
  }
}
