// SPDX-License-Identifier: UNLICENSED
import { statSync } from 'node:fs';
import type { ResolvedConfig } from '../../config/index.js';
import { describeError, type DoctorCheck } from './doctor-check.js';

/** The data directory exists and is not readable by others (it holds the database and TLS key). */
export function checkDataDir(config: ResolvedConfig): DoctorCheck {
  try {
    const st = statSync(config.dataDir);
    if (!st.isDirectory()) return { name: 'data directory', status: 'fail', detail: `${config.dataDir} is not a directory` };
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    if (st.mode & 0o007) {
      return { name: 'data directory', status: 'warn', detail: `${config.dataDir} has mode ${mode}`, fix: `chmod o-rwx ${config.dataDir}` };
    }
    return { name: 'data directory', status: 'ok', detail: `${config.dataDir} (mode ${mode})` };
  } catch (err) {
    return { name: 'data directory', status: 'fail', detail: describeError(err), fix: 'run `mfa-appliance init` or create dataDir' };
  }
}
