// SPDX-License-Identifier: UNLICENSED
import { createKeyring, type Keyring } from './keyring.js';
import { readMasterKeyFile, type ReadMasterKeyFileOptions } from './read-master-key-file.js';

export type LoadKeyringOptions = ReadMasterKeyFileOptions;

/**
 * The keyring from the master key file, checked as `readMasterKeyFile` describes: a missing file is
 * `ERR_MASTER_KEY_MISSING`, a group- or world-accessible one `ERR_MASTER_KEY_PERMISSIONS` (except
 * inside `$CREDENTIALS_DIRECTORY`), a truncated or garbled one `ERR_MASTER_KEY_INVALID`.
 */
export function loadKeyring(opts: LoadKeyringOptions): Keyring {
  return createKeyring(readMasterKeyFile(opts));
}
