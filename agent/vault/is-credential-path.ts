// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';

/**
 * True when `file` lies inside `credentialsDirectory` (systemd's `$CREDENTIALS_DIRECTORY`, filled by
 * `LoadCredential=`). Such files are managed and protected by systemd and are read-only to the service.
 */
export function isCredentialPath(file: string, credentialsDirectory: string | undefined): boolean {
  if (credentialsDirectory === undefined || credentialsDirectory === '') return false;
  const rel = path.relative(path.resolve(credentialsDirectory), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
