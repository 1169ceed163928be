// SPDX-License-Identifier: UNLICENSED
import { join, relative, resolve, sep } from 'node:path';

/**
 * Where `init` puts each file.
 * - Default: everything under DIR: config.yaml, master-key, tls/, data/ (paths in the config are
 *   relative to it, so the directory can be moved as a whole).
 * - `--systemd`: DIR holds config.yaml and master-key (root-only; systemd passes the key to the daemon as
 *   the credential `master-key`), and the data directory (default /var/lib/mfa-appliance, the unit's
 *   StateDirectory=, which systemd hands to the service user) holds the database and tls/.
 * `--data-dir` moves the data directory in either mode.
 */
export interface InitLayout {
  dir: string;
  config: string;
  masterKey: string;
  dataDir: string;
  database: string;
  cert: string;
  key: string;
  /** The YAML value of each path as written to config.yaml (relative to DIR where it lies inside it). */
  yaml: { dataDir: string; masterKeyFile: string; certFile: string | null; keyFile: string | null };
}

export const SYSTEMD_DATA_DIR = '/var/lib/mfa-appliance';

export function initLayout(cwd: string, o: { dir: string; dataDir?: string; systemd?: boolean }): InitLayout {
  const dir = resolve(cwd, o.dir);
  const dataDir = o.dataDir ? resolve(cwd, o.dataDir) : o.systemd ? SYSTEMD_DATA_DIR : join(dir, 'data');
  const tlsDir = o.systemd ? join(dataDir, 'tls') : join(dir, 'tls');
  const shown = (p: string): string => {
    const rel = relative(dir, p);
    return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? p : `./${rel}`;
  };
  const layout = {
    dir,
    config: join(dir, 'config.yaml'),
    masterKey: join(dir, 'master-key'),
    dataDir,
    database: join(dataDir, 'mfa-appliance.db'),
    cert: join(tlsDir, 'cert.pem'),
    key: join(tlsDir, 'key.pem'),
  };
  return {
    ...layout,
    yaml: {
      dataDir: shown(dataDir),
      masterKeyFile: shown(layout.masterKey),
      certFile: o.systemd ? null : shown(layout.cert),
      keyFile: o.systemd ? null : shown(layout.key),
    },
  };
}
