// SPDX-License-Identifier: UNLICENSED
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { MfaError } from '../errors.js';
import { isCredentialPath } from './is-credential-path.js';
import { parseMasterKeyFile, type MasterKey } from './master-key-file.js';

export interface ReadMasterKeyFileOptions {
  /** Path of the master key file (`vault.masterKeyFile`, or `$CREDENTIALS_DIRECTORY/master-key`). */
  file: string;
  /** systemd's `$CREDENTIALS_DIRECTORY`, when running under systemd; passed in by the config loader. */
  credentialsDirectory?: string;
}

/**
 * Reads and parses the master key file; returns its keys, active first. Rules enforced:
 * - a missing file → `ERR_MASTER_KEY_MISSING` (run `mfa-appliance init` or set `vault.masterKeyFile`);
 * - not a regular file, or unreadable → `ERR_MASTER_KEY_PERMISSIONS` / `ERR_MASTER_KEY_INVALID`;
 * - group or world permission bits set (`mode & 0o077`) → `ERR_MASTER_KEY_PERMISSIONS`, data
 *   `{ file, mode }` with mode as an octal string such as `'0644'`; skipped for a file inside
 *   `credentialsDirectory`, which systemd manages;
 * - any parse error of `parseMasterKeyFile` → `ERR_MASTER_KEY_INVALID`.
 * The mode is checked on the opened descriptor, so the file checked is the file read (O_NONBLOCK so
 * that a FIFO planted at the path cannot hang startup).
 */
export function readMasterKeyFile(opts: ReadMasterKeyFileOptions): MasterKey[] {
  const { file } = opts;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw openError(file, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new MfaError('ERR_MASTER_KEY_INVALID', `master key file ${file} is not a regular file`, { data: { file, line: null } });
    }
    const perm = st.mode & 0o777;
    if (!isCredentialPath(file, opts.credentialsDirectory) && (perm & 0o077) !== 0) {
      const mode = `0${perm.toString(8).padStart(3, '0')}`;
      throw new MfaError(
        'ERR_MASTER_KEY_PERMISSIONS',
        `master key file ${file} has mode ${mode} and is readable by others; refusing to start. Run: chmod 600 ${file}`,
        { data: { file, mode } },
      );
    }
    return parseMasterKeyFile(readFileSync(fd, 'utf8'), file);
  } finally {
    closeSync(fd);
  }
}

function openError(file: string, err: unknown): MfaError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new MfaError(
      'ERR_MASTER_KEY_MISSING',
      `master key file ${file} does not exist; run \`mfa-appliance init\` to create one, or set vault.masterKeyFile`,
      { data: { file }, cause: err },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new MfaError(
      'ERR_MASTER_KEY_PERMISSIONS',
      `master key file ${file} cannot be read by this user; run the service as the file's owner`,
      { data: { file, mode: null }, cause: err },
    );
  }
  return new MfaError('ERR_MASTER_KEY_INVALID', `master key file ${file} cannot be read (${code ?? 'error'})`, {
    data: { file, line: null },
    cause: err,
  });
}
