// SPDX-License-Identifier: UNLICENSED
import type { ResolvedConfig } from '../../config/index.js';
import { isMfaError } from '../../errors.js';
import { createKeyring, type Keyring } from '../../vault/keyring.js';
import { readMasterKeyFile } from '../../vault/read-master-key-file.js';
import { describeError, type DoctorCheck } from './doctor-check.js';

/** The key file exists, is 0600 (outside systemd credentials) and parses; a demo key warns. */
export function checkMasterKey(config: ResolvedConfig, env: NodeJS.ProcessEnv): { check: DoctorCheck; keyring: Keyring | null } {
  const file = config.vault.masterKeyFile;
  try {
    const keys = readMasterKeyFile({ file, credentialsDirectory: env.CREDENTIALS_DIRECTORY });
    const keyring = createKeyring(keys);
    const kids = keyring.kids.join(', ');
    if (keyring.isDemo) {
      return { keyring, check: { name: 'master key', status: 'warn', detail: `${file}: demo key ${keyring.active}`, fix: 'create a real key with `mfa-appliance init` and run `mfa-appliance vault rotate`' } };
    }
    if (keyring.kids.length > 1) {
      return { keyring, check: { name: 'master key', status: 'warn', detail: `${file}: ${kids} (an unfinished rotation)`, fix: 'run `mfa-appliance vault rotate` again to finish it' } };
    }
    return { keyring, check: { name: 'master key', status: 'ok', detail: `${file}: ${kids}` } };
  } catch (err) {
    const fix = isMfaError(err) && err.code === 'ERR_MASTER_KEY_PERMISSIONS' ? `chmod 600 ${file}` : undefined;
    return { keyring: null, check: { name: 'master key', status: 'fail', detail: describeError(err), ...(fix ? { fix } : {}) } };
  }
}
