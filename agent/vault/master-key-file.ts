// SPDX-License-Identifier: UNLICENSED
/**
 * The master key file: text, one key per line.
 *
 * ```
 * # comments and blank lines are allowed
 * mfa-master-key:v1:<kid>:<base64 of exactly 32 bytes>:<check>     ← first key line: the active key
 * mfa-master-key:v1:<older kid>:<base64>:<check>                  ← later lines: keys being retired
 * ```
 * - `kid` is `[a-z0-9-]{1,40}`; a kid starting with `demo-` marks a demo key (never for production).
 * - `check` is the first 8 lowercase hex characters of SHA-256 over `<kid>:<base64>`; it catches
 *   truncation and copy/paste damage, it is not a MAC.
 * Errors never quote a line or any key material, only the file name and line number.
 */
import { createHash, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { MfaError } from '../errors.js';
import type { Random } from '../ports/random.js';

/** One master key. The key bytes are held in a KeyObject so they do not show up in logs or JSON. */
export interface MasterKey {
  kid: string;
  key: KeyObject;
  /** True when the kid starts with `demo-`. */
  isDemo: boolean;
}

export const MASTER_KEY_BYTES = 32;
const PREFIX = 'mfa-master-key';
const VERSION = 'v1';
const KID_RE = /^[a-z0-9-]{1,40}$/;
/** Canonical padded base64 of 32 bytes: 43 characters, the last carrying 4 bits, then one `=`. */
const KEY_B64_RE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const ANY_B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CHECK_RE = /^[0-9a-f]{8}$/;
const FORMAT_HINT = `expected ${PREFIX}:${VERSION}:<kid>:<base64 of ${MASTER_KEY_BYTES} bytes>:<check>`;

export function isValidKid(kid: string): boolean {
  return KID_RE.test(kid);
}

function checkOf(kid: string, b64: string): string {
  return createHash('sha256').update(`${kid}:${b64}`, 'utf8').digest('hex').slice(0, 8);
}

function formatLine(kid: string, raw: Buffer): string {
  const b64 = raw.toString('base64');
  return `${PREFIX}:${VERSION}:${kid}:${b64}:${checkOf(kid, b64)}`;
}

/**
 * A new key line with 32 bytes from `random`. The default kid is `mk-` and 12 random hex characters.
 * Throws `ERR_INVALID_INPUT` when `kid` does not match `[a-z0-9-]{1,40}`.
 */
export function generateMasterKeyLine(random: Random, kid?: string): string {
  const k = kid ?? `mk-${random.bytes(6).toString('hex')}`;
  if (!isValidKid(k)) {
    throw new MfaError('ERR_INVALID_INPUT', 'a master key id must match [a-z0-9-]{1,40}', { data: { kid: k } });
  }
  const raw = random.bytes(MASTER_KEY_BYTES);
  try {
    return formatLine(k, raw);
  } finally {
    raw.fill(0);
  }
}

function invalid(file: string, line: number | null, problem: string): MfaError {
  const where = line === null ? file : `${file} line ${line}`;
  return new MfaError('ERR_MASTER_KEY_INVALID', `master key file ${where}: ${problem}`, { data: { file, line } });
}

/**
 * Parses a key file. Returns the keys in file order (active first), never an empty list.
 * Throws `ERR_MASTER_KEY_INVALID` (data `{ file, line }`, `line` null for a file without keys) on a
 * truncated or garbled line, a key that is not exactly 32 bytes, a wrong check, or a duplicate kid.
 */
export function parseMasterKeyFile(text: string, file: string): MasterKey[] {
  const keys: MasterKey[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    keys.push(parseLine(line, file, i + 1, keys));
  }
  if (keys.length === 0) throw invalid(file, null, `no key found; ${FORMAT_HINT}`);
  return keys;
}

function parseLine(line: string, file: string, n: number, seen: readonly MasterKey[]): MasterKey {
  const parts = line.split(':');
  const [prefix, version, kid, b64, check] = parts;
  if (parts.length !== 5 || prefix !== PREFIX || kid === undefined || b64 === undefined || check === undefined) {
    throw invalid(file, n, `not a key line (truncated or garbled); ${FORMAT_HINT}`);
  }
  if (version !== VERSION) throw invalid(file, n, `unsupported key line version; ${FORMAT_HINT}`);
  if (!isValidKid(kid)) throw invalid(file, n, 'the key id must match [a-z0-9-]{1,40}');
  if (!KEY_B64_RE.test(b64)) {
    const length = ANY_B64_RE.test(b64) ? `, not ${Buffer.byteLength(b64, 'base64')}` : '';
    throw invalid(file, n, `the key must be canonical base64 of exactly ${MASTER_KEY_BYTES} bytes${length} (truncated or garbled)`);
  }
  if (!CHECK_RE.test(check) || check !== checkOf(kid, b64)) {
    throw invalid(file, n, 'the check value does not match the key (the line was altered or truncated)');
  }
  if (seen.some((k) => k.kid === kid)) throw invalid(file, n, `duplicate key id ${kid}`);
  const raw = Buffer.from(b64, 'base64');
  try {
    return { kid, key: createSecretKey(raw), isDemo: kid.startsWith('demo-') };
  } finally {
    raw.fill(0);
  }
}

/** The file text for `keys` (first = active), with a comment header. Throws on an empty list or duplicate kids. */
export function serializeMasterKeys(keys: readonly MasterKey[]): string {
  if (keys.length === 0) throw new MfaError('ERR_INVALID_INPUT', 'a master key file needs at least one key');
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) {
    throw new MfaError('ERR_INVALID_INPUT', 'duplicate master key id');
  }
  const lines = keys.map((k) => {
    const raw = k.key.export();
    try {
      return formatLine(k.kid, raw);
    } finally {
      raw.fill(0);
    }
  });
  return [
    '# mfa-appliance master keys. The first key line is the active key; later lines are keys being',
    '# retired by `mfa-appliance vault rotate`. Keep this file mode 0600 and back it up apart from the database.',
    ...lines,
    '',
  ].join('\n');
}

/**
 * Atomically replaces (or creates) the key file at `file`: writes a temporary file with mode 0600 in
 * the same directory, fsyncs it, renames it over the target and fsyncs the directory. A symlink is
 * followed, and the owner and group of an existing file are kept (so a root-run rotation leaves a
 * file the service user can still read). On failure the target is untouched.
 */
export async function writeMasterKeyFile(file: string, keys: readonly MasterKey[]): Promise<void> {
  const text = serializeMasterKeys(keys);
  const target = await fsp.realpath(file).catch(() => path.resolve(file));
  const existing = await fsp.stat(target).catch(() => null);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
  const handle = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    try {
      if (existing !== null) {
        const own = await handle.stat();
        if (own.uid !== existing.uid || own.gid !== existing.gid) await handle.chown(existing.uid, existing.gid);
      }
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  const dirHandle = await fsp.open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
