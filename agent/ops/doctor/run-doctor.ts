// SPDX-License-Identifier: UNLICENSED
import { existsSync } from 'node:fs';
import type { Actor } from '../../actor.js';
import { createAuditLog } from '../../audit/audit-log.js';
import { loadConfig, configWarnings } from '../../config/index.js';
import { isMfaError, ConfigError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { checkAuditChain } from './check-audit-chain.js';
import { checkDataDir } from './check-data-dir.js';
import { checkMasterKey } from './check-master-key.js';
import { checkOtpEngine } from './check-otp-engine.js';
import { checkStore } from './check-store.js';
import { checkTls } from './check-tls.js';
import { checkVault } from './check-vault.js';
import { checkSigningKeys } from '../../federation/keys/check-signing-keys.js';
import { readSigningKeysStatus } from '../../federation/keys/read-signing-keys-status.js';
import { runningDaemon } from '../daemon-lock.js';
import { describeError, type DoctorCheck } from './doctor-check.js';

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/**
 * `mfa-appliance doctor`: configuration, master key, data directory, store integrity and schema,
 * vault decryptability, audit chain, token-signing key expiry and TLS expiry. Never migrates the
 * database. Checks that depend on a failed one are reported as `skipped` with the reason.
 */
export async function runDoctor(opts: {
  file?: string; env: NodeJS.ProcessEnv; cwd: string; clock: Clock; random: Random; logger: Logger; actor: Actor;
  /** Checks of things outside agent/ (the composition root passes the PC/SC service probe). */
  extraChecks?: ReadonlyArray<() => Promise<DoctorCheck>>;
}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const skip = (names: string[], why: string): void => {
    for (const name of names) checks.push({ name, status: 'skipped', detail: why });
  };
  let config;
  try {
    config = loadConfig({ ...(opts.file ? { file: opts.file } : {}), env: opts.env, cwd: opts.cwd });
    const warnings = configWarnings(config);
    checks.push(warnings.length === 0
      ? { name: 'config', status: 'ok', detail: 'valid' }
      : { name: 'config', status: 'warn', detail: warnings.join('\n') });
  } catch (err) {
    const detail = err instanceof ConfigError ? err.issues.map((i) => `${i.path}: ${i.message}`).join('\n') : describeError(err);
    checks.push({ name: 'config', status: 'fail', detail });
    skip(['master key', 'data directory', 'daemon', 'store', 'vault', 'audit chain', 'Signing keys', 'TLS certificate'], 'configuration is invalid');
    return { ok: false, checks };
  }
  const { check: keyCheck, keyring } = checkMasterKey(config, opts.env);
  const pid = runningDaemon(config.dataDir);
  checks.push(keyCheck, checkDataDir(config), { name: 'daemon', status: 'ok', detail: pid === null ? 'not running' : `serving (pid ${pid})`, ...(pid === null ? {} : { data: { pid } }) });
  if (config.store.driver === 'sqlite' && !existsSync(config.store.sqlite.path)) {
    checks.push({ name: 'store', status: 'fail', detail: `database ${config.store.sqlite.path} does not exist`, fix: 'run `mfa-appliance init`, or check store.sqlite.path / dataDir' });
    skip(['vault', 'audit chain', 'Signing keys'], 'no database');
  } else if (config.store.driver !== 'sqlite') {
    checks.push({ name: 'store', status: 'fail', detail: `store.driver ${config.store.driver} is not available in this release` });
  } else {
    try {
      const store = await openSqliteStore({ path: config.store.sqlite.path, migrate: false, busyTimeoutMs: config.store.sqlite.busyTimeoutMs, clock: opts.clock, logger: opts.logger });
      try {
        checks.push(...(await checkStore(store, config.store.sqlite.path)));
        if (keyring) checks.push(await checkVault(store.secrets, keyring));
        else skip(['vault'], 'master key did not load');
        const current = await store.schemaStatus();
        if (current.current === current.latest) {
          checks.push(await checkAuditChain(store.audit, createAuditLog({ store: store.audit, clock: opts.clock, logger: opts.logger }), opts.actor));
          const now = opts.clock.now();
          checks.push(await readSigningKeysStatus(store.signingKeys, now).then(
            (status) => checkSigningKeys(status, { now, warnDays: config.federation.signing.warnDays, federatedDomains: config.federation.domains.length }),
            (err: unknown): DoctorCheck => ({ name: 'Signing keys', status: 'fail', detail: describeError(err) }),
          ));
        } else skip(['audit chain', 'Signing keys'], 'schema is not current');
      } finally {
        await store.close();
      }
    } catch (err) {
      const fix = isMfaError(err) && err.code === 'ERR_SCHEMA_TOO_NEW' ? 'upgrade mfa-appliance or restore a backup made by this release' : undefined;
      checks.push({ name: 'store', status: 'fail', detail: describeError(err), ...(fix ? { fix } : {}) });
    }
  }
  checks.push(checkTls(config, opts.clock.now()));
  checks.push(await checkOtpEngine(opts.random));
  for (const extra of opts.extraChecks ?? []) checks.push(await extra());
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
