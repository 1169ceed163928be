// SPDX-License-Identifier: UNLICENSED
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Logger } from '../../../agent/log/logger.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { openSqliteStore } from '../../../agent/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../agent/store/store.js';
import { generateMasterKeyLine } from '../../../agent/vault/master-key-file.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { base32Encode } from '../../../agent/otp/base32.js';

/** Writes a key file of fresh keys (first = active) with mode 0600; returns its path. */
export function writeKeyFile(dir: string, kids: readonly string[], name = 'master-key'): string {
  const random = createSystemRandom();
  const file = join(dir, name);
  writeFileSync(file, kids.map((kid) => generateMasterKeyLine(random, kid)).join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** The raw 32-byte keys in a key file, by kid, read independently of the code under test. */
export function rawKeysOf(file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const parts = line.trim().split(':');
    if (parts.length === 5 && parts[2] !== undefined && parts[3] !== undefined) {
      out.set(parts[2], Buffer.from(parts[3], 'base64'));
    }
  }
  return out;
}

/** RFC 4648 base32 with padding. */
export function base32(bytes: Buffer): string {
  const out = base32Encode(bytes);
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

/** The textual forms a leaked secret could take: hex (both cases), base64, base64url, base32. */
export function encodedForms(secret: Buffer): string[] {
  const b32 = base32(secret);
  return [
    secret.toString('hex'),
    secret.toString('hex').toUpperCase(),
    secret.toString('base64'),
    secret.toString('base64url'),
    b32,
    b32.replace(/=+$/, ''),
  ];
}

/** True when `haystack` contains `secret` raw or in any of its `encodedForms`. */
export function containsSecret(haystack: Buffer | string, secret: Buffer): boolean {
  const hay = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  if (hay.includes(secret)) return true;
  return encodedForms(secret).some((form) => hay.includes(Buffer.from(form, 'utf8')));
}

export interface LogEntry {
  level: string;
  obj: object;
  msg: string | undefined;
}

/** A logger that records every call, bindings merged in (a sink for assertions on what was logged). */
export function captureLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const at = (level: string) => (obj: object, msg?: string): void => {
    entries.push({ level, obj: { ...bindings, ...obj }, msg });
  };
  return {
    entries,
    trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'),
    child: (more) => captureLogger(entries, { ...bindings, ...more }),
  };
}

/** Real SQLite stores opened by the current test, closed after it. */
export function useSqliteStores(): (path: string) => Promise<Store> {
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  return async (path) => {
    const store = await openSqliteStore({ path, clock: fixedClock(), logger: createNullLogger() });
    open.push(store);
    return store;
  };
}
