// SPDX-License-Identifier: UNLICENSED
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { MfaError } from '../../errors.js';
import type { ImportedToken } from '../../otp/import/imported-token.js';
import { parseEntraCsv } from '../../otp/import/parse-entra-csv.js';
import { parseOathCsv } from '../../otp/import/parse-oath-csv.js';
import { parsePskc, PSKC_DEFAULT_MAX_BYTES } from '../../otp/import/parse-pskc.js';
import type { ImportFormat } from '../../tokens/import-tokens.js';

export interface SeedFileOptions {
  format?: ImportFormat;
  /** PSKC pre-shared transport key. */
  preSharedKey?: Buffer;
  /** PSKC PBKDF2 password. */
  password?: string;
  allowMacMismatch?: boolean;
  allowShortSecrets?: boolean;
}

/** Which parser a file needs: by `--format`, else by content (XML → PSKC; the Entra header → Entra CSV; else OATH CSV). */
export function detectSeedFormat(text: string): ImportFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'pskc';
  if (/^upn\s*,\s*serial number\s*,/i.test(head)) return 'entra-csv';
  return 'oath-csv';
}

/**
 * Reads and parses a seed file, refusing one larger than 10 MiB before reading it. All-or-nothing:
 * any bad record throws (naming the record, never a secret) and nothing is returned.
 */
export function readSeedFile(file: string, o: SeedFileOptions): { format: ImportFormat; origin: string; tokens: ImportedToken[] } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw new MfaError('ERR_NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`, { cause: err, data: { file } });
  }
  if (size > PSKC_DEFAULT_MAX_BYTES) {
    throw new MfaError('ERR_IMPORT_TOO_LARGE', `${file} is ${size} bytes; seed files over ${PSKC_DEFAULT_MAX_BYTES} bytes are refused (split it)`, { data: { file, size } });
  }
  const text = readFileSync(file, 'utf8');
  const format = o.format ?? detectSeedFormat(text);
  const common = { ...(o.allowShortSecrets ? { allowShortSecrets: true } : {}) };
  const tokens = format === 'pskc'
    ? parsePskc(text, {
      ...common, ...(o.preSharedKey ? { preSharedKey: o.preSharedKey } : {}), ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.allowMacMismatch ? { allowMacMismatch: true } : {}),
    })
    : format === 'entra-csv' ? parseEntraCsv(text, common) : parseOathCsv(text, common);
  return { format, origin: basename(file), tokens };
}
