// SPDX-License-Identifier: UNLICENSED
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { loadKeyring } from '../../../agent/vault/load-keyring.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { rawKeysOf, writeKeyFile } from './vault-fixtures.js';

function errorOf(fn: () => unknown): MfaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MfaError) return err;
    throw err;
  }
  throw new Error('expected an MfaError');
}

describe('loadKeyring', () => {
  const tempDir = useTempDir('mfa-vault-');

  test('loads a 0600 file: active first, every key by kid', () => {
    const file = writeKeyFile(tempDir(), ['new', 'old']);
    const ring = loadKeyring({ file });
    expect(ring.active).toBe('new');
    expect(ring.kids).toEqual(['new', 'old']);
    expect(ring.get('old')?.export()).toEqual(rawKeysOf(file).get('old'));
  });

  test('accepts 0400', () => {
    const file = writeKeyFile(tempDir(), ['k1']);
    chmodSync(file, 0o400);
    expect(loadKeyring({ file }).active).toBe('k1');
  });

  test.each([0o644, 0o640, 0o604, 0o660, 0o601, 0o610])('refuses mode %o with a chmod 600 hint', (mode) => {
    const file = writeKeyFile(tempDir(), ['k1']);
    chmodSync(file, mode);
    const err = errorOf(() => loadKeyring({ file }));
    expect(err.code).toBe('ERR_MASTER_KEY_PERMISSIONS');
    expect(err.data).toEqual({ file, mode: `0${mode.toString(8)}` });
    expect(err.message).toContain(`chmod 600 ${file}`);
  });

  test('skips the mode check for a file inside $CREDENTIALS_DIRECTORY', () => {
    const creds = join(tempDir(), 'credentials');
    mkdirSync(creds);
    const file = writeKeyFile(creds, ['k1']);
    chmodSync(file, 0o644);
    expect(loadKeyring({ file, credentialsDirectory: creds }).active).toBe('k1');
  });

  test('still checks the mode of a file outside $CREDENTIALS_DIRECTORY', () => {
    const dir = tempDir();
    const file = writeKeyFile(dir, ['k1']);
    chmodSync(file, 0o644);
    const err = errorOf(() => loadKeyring({ file, credentialsDirectory: join(dir, 'credentials') }));
    expect(err.code).toBe('ERR_MASTER_KEY_PERMISSIONS');
  });

  test('a missing file tells the operator to run init or set vault.masterKeyFile', () => {
    const file = join(tempDir(), 'master-key');
    const err = errorOf(() => loadKeyring({ file }));
    expect(err.code).toBe('ERR_MASTER_KEY_MISSING');
    expect(err.data).toEqual({ file });
    expect(err.message).toContain('mfa-appliance init');
    expect(err.message).toContain('vault.masterKeyFile');
  });

  test('refuses a directory', () => {
    const file = join(tempDir(), 'dir');
    mkdirSync(file, { mode: 0o700 });
    expect(errorOf(() => loadKeyring({ file })).code).toBe('ERR_MASTER_KEY_INVALID');
  });

  test('refuses a truncated file with the line number', () => {
    const file = join(tempDir(), 'master-key');
    writeFileSync(file, '# key\nmfa-master-key:v1:k1:AAAA\n', { mode: 0o600 });
    const err = errorOf(() => loadKeyring({ file }));
    expect(err.code).toBe('ERR_MASTER_KEY_INVALID');
    expect(err.data).toEqual({ file, line: 2 });
  });
});
