// SPDX-License-Identifier: UNLICENSED
import { createHash, createSecretKey } from 'node:crypto';
import { chownSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import {
  generateMasterKeyLine,
  parseMasterKeyFile,
  serializeMasterKeys,
  writeMasterKeyFile,
} from '../../../agent/vault/master-key-file.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const random = createSystemRandom();
const FILE = '/etc/mfa-appliance/master-key';

/** A key line built independently of the code under test. */
function line(kid: string, raw: Buffer, check?: string): string {
  const b64 = raw.toString('base64');
  const c = check ?? createHash('sha256').update(`${kid}:${b64}`).digest('hex').slice(0, 8);
  return `mfa-master-key:v1:${kid}:${b64}:${c}`;
}

function parseError(text: string): MfaError {
  try {
    parseMasterKeyFile(text, FILE);
  } catch (err) {
    if (err instanceof MfaError) return err;
    throw err;
  }
  throw new Error('expected parseMasterKeyFile to throw');
}

describe('generateMasterKeyLine', () => {
  test('produces a line with a default kid and a 32-byte key that parses back', () => {
    const l = generateMasterKeyLine(random);
    expect(l).toMatch(/^mfa-master-key:v1:mk-[0-9a-f]{12}:[A-Za-z0-9+/]{43}=:[0-9a-f]{8}$/);
    const [key] = parseMasterKeyFile(l, FILE);
    expect(key?.kid).toBe(l.split(':')[2]);
    expect(key?.key.export()).toEqual(Buffer.from(l.split(':')[3] ?? '', 'base64'));
    expect(key?.isDemo).toBe(false);
  });

  test('uses the given kid; demo- kids are demo keys', () => {
    const [key] = parseMasterKeyFile(generateMasterKeyLine(random, 'demo-2026'), FILE);
    expect(key?.kid).toBe('demo-2026');
    expect(key?.isDemo).toBe(true);
  });

  test('two lines never share a key', () => {
    expect(generateMasterKeyLine(random, 'a').split(':')[3]).not.toBe(generateMasterKeyLine(random, 'a').split(':')[3]);
  });

  test.each(['', 'UPPER', 'has:colon', 'x'.repeat(41), 'sp ace'])('refuses kid %j', (kid) => {
    expect(() => generateMasterKeyLine(random, kid)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });
});

describe('parseMasterKeyFile', () => {
  const raw1 = Buffer.alloc(32, 7);
  const raw2 = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 5));
  const good1 = line('k1', raw1);
  const good2 = line('k2', raw2);

  test('reads keys in order, skipping comments and blank lines, tolerating CRLF and indentation', () => {
    const keys = parseMasterKeyFile(`# header\r\n\r\n  ${good1}\r\n# older\n${good2}\n\n`, FILE);
    expect(keys.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(keys[0]?.key.export()).toEqual(raw1);
    expect(keys[1]?.key.export()).toEqual(raw2);
  });

  const b64 = raw1.toString('base64');
  const cases: Array<[string, string, number | null]> = [
    ['an empty file', '', null],
    ['only comments', '# nothing\n\n', null],
    ['a truncated line (cut inside the key)', good1.slice(0, 40), 1],
    ['a truncated line (check missing)', good1.slice(0, good1.lastIndexOf(':')), 1],
    ['a truncated line (last check char lost)', good1.slice(0, -1), 1],
    ['garbled base64', `# c\n${line('k1', raw1).replace(b64, `${b64.slice(0, 10)}*${b64.slice(11)}`)}`, 2],
    ['a 31-byte key with a valid check', line('k1', Buffer.alloc(31, 1)), 1],
    ['a 33-byte key with a valid check', line('k1', Buffer.alloc(33, 1)), 1],
    ['a bad check', line('k1', raw1, '00000000'), 1],
    ['a check of another key', `${good1.slice(0, good1.lastIndexOf(':'))}:${good2.slice(good2.lastIndexOf(':') + 1)}`, 1],
    ['an altered key byte with the old check', good1.replace(b64, `${b64.startsWith('A') ? 'B' : 'A'}${b64.slice(1)}`), 1],
    ['a duplicate kid', `${good1}\n${line('k1', raw2)}`, 2],
    ['a wrong prefix', good1.replace('mfa-master-key', 'mfa-key'), 1],
    ['an unknown version', good1.replace(':v1:', ':v2:'), 1],
    ['an invalid kid', line('K1', raw1), 1],
    ['an extra field', `${good1}:extra`, 1],
    ['a raw key instead of a line', raw1.toString('base64'), 1],
    ['a bad second line', `${good1}\n${good2.slice(0, 30)}`, 2],
  ];

  test.each(cases)('refuses %s with ERR_MASTER_KEY_INVALID and its line', (_name, text, lineNo) => {
    const err = parseError(text);
    expect(err.code).toBe('ERR_MASTER_KEY_INVALID');
    expect(err.data).toEqual({ file: FILE, line: lineNo });
    expect(err.message).toContain(FILE);
  });

  test.each(cases)('never quotes key material when refusing %s', (_name, text) => {
    const err = parseError(text);
    const shown = `${err.message} ${JSON.stringify(err.data)} ${String(err.cause ?? '')}`;
    for (const raw of [raw1, raw2]) {
      const k = raw.toString('base64');
      for (let i = 0; i + 8 <= k.length; i++) expect(shown).not.toContain(k.slice(i, i + 8));
      expect(shown).not.toContain(raw.toString('hex').slice(0, 16));
    }
  });
});

describe('serializeMasterKeys', () => {
  test('round-trips through parseMasterKeyFile, active first', () => {
    const keys = parseMasterKeyFile(`${generateMasterKeyLine(random, 'new')}\n${generateMasterKeyLine(random, 'old')}`, FILE);
    const text = serializeMasterKeys(keys);
    const again = parseMasterKeyFile(text, FILE);
    expect(again.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(again.map((k) => k.key.export())).toEqual(keys.map((k) => k.key.export()));
  });

  test('refuses an empty list and duplicate kids', () => {
    const key = { kid: 'a', key: createSecretKey(Buffer.alloc(32)), isDemo: false };
    expect(() => serializeMasterKeys([])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(() => serializeMasterKeys([key, key])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });
});

describe('writeMasterKeyFile', () => {
  const tempDir = useTempDir('mfa-vault-');
  const keys = parseMasterKeyFile(generateMasterKeyLine(random, 'k1'), FILE);

  test('creates a 0600 file that parses back and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = join(dir, 'master-key');
    await writeMasterKeyFile(file, keys);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseMasterKeyFile(readFileSync(file, 'utf8'), file).map((k) => k.kid)).toEqual(['k1']);
    expect(readdirSync(dir)).toEqual(['master-key']);
  });

  test('replaces a loose file with a 0600 one, keeping its owner and group', async () => {
    const dir = tempDir();
    const file = join(dir, 'master-key');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    const owner = process.getuid?.() === 0 ? 4321 : statSync(file).uid;
    const group = process.getuid?.() === 0 ? 4322 : statSync(file).gid;
    chownSync(file, owner, group);
    await writeMasterKeyFile(file, keys);
    const st = statSync(file);
    expect(st.mode & 0o777).toBe(0o600);
    expect([st.uid, st.gid]).toEqual([owner, group]);
    expect(readFileSync(file, 'utf8')).toContain('mfa-master-key:v1:k1:');
  });

  test('writes through a symlink to its target', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'key');
    writeFileSync(target, 'old\n', { mode: 0o600 });
    symlinkSync(target, join(dir, 'link'));
    await writeMasterKeyFile(join(dir, 'link'), keys);
    expect(readFileSync(target, 'utf8')).toContain('mfa-master-key:v1:k1:');
    expect(readdirSync(join(dir, 'real'))).toEqual(['key']);
  });

  test('fails without creating anything when the directory does not exist', async () => {
    const dir = tempDir();
    await expect(writeMasterKeyFile(join(dir, 'missing', 'master-key'), keys)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
