// SPDX-License-Identifier: UNLICENSED
/**
 * Microsoft Entra hardware OATH CSV (learn.microsoft.com, "how-to-mfa-upload-oath-tokens"):
 * ```
 * upn,serial number,secret key,time interval,manufacturer,model
 * Helga@contoso.com,1234567,2234567abcdef2234567abcdef,60,Contoso,HardwareKey
 * ```
 * Rules: the header row is mandatory (names compared case-insensitively, trimmed, in this order);
 * every row has the six fields; upn and serial are non-empty; the secret is Base32 of a-z A-Z 2-7 only,
 * at most 128 characters, and decodes to at least `MIN_SECRET_BYTES` unless `allowShortSecrets`;
 * the time interval is 30 or 60. Entra tokens are always TOTP, HMAC-SHA1, 6 digits.
 * Quoted fields, CRLF and a BOM are accepted (read-csv-rows.ts). All or nothing; faults are
 * `ERR_IMPORT_FORMAT` naming line and column, never the secret.
 */
import type { OtpPeriod } from '../otp-params.js';
import { base32Decode } from '../base32.js';
import { MIN_SECRET_BYTES, type ImportedToken } from './imported-token.js';
import { formatError, readCsvRows } from './read-csv-rows.js';
import { rejectDuplicateSerials } from './reject-duplicate-serials.js';

export const ENTRA_CSV_HEADER = ['upn', 'serial number', 'secret key', 'time interval', 'manufacturer', 'model'] as const;

/** Entra's limit on the Base32 secret. */
export const ENTRA_MAX_SECRET_CHARS = 128;

export interface ParseEntraCsvOptions {
  /** Accept secrets shorter than 128 bits (RFC 4226 §4 R6 forbids them). Default false. */
  allowShortSecrets?: boolean;
  /** Largest accepted file in bytes. Default 10 MiB. */
  maxBytes?: number;
}

export function parseEntraCsv(text: string, options: ParseEntraCsvOptions = {}): ImportedToken[] {
  const rows = readCsvRows(text, { maxBytes: options.maxBytes ?? 10 * 1024 * 1024 });
  const [header, ...records] = rows;
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (header === undefined || names.join(',') !== ENTRA_CSV_HEADER.join(',')) {
    throw formatError(header?.line ?? 1, 1, `the header row must be "${ENTRA_CSV_HEADER.join(',')}"`);
  }
  if (records.length === 0) throw formatError(header.line + 1, 1, 'the file has no token rows');
  const tokens = records.map(({ line, fields }): ImportedToken => {
    if (fields.length !== ENTRA_CSV_HEADER.length) {
      throw formatError(line, Math.min(fields.length, ENTRA_CSV_HEADER.length) + 1, `expected ${ENTRA_CSV_HEADER.length} fields, found ${fields.length}`);
    }
    const [upn, serial, secretText, interval, manufacturer, model] = fields.map((f) => f.trim()) as [string, string, string, string, string, string];
    if (upn === '') throw formatError(line, 1, 'upn is empty');
    if (serial === '') throw formatError(line, 2, 'serial number is empty');
    if (secretText.length === 0 || secretText.length > ENTRA_MAX_SECRET_CHARS) {
      throw formatError(line, 3, `secret key must be 1–${ENTRA_MAX_SECRET_CHARS} Base32 characters, found ${secretText.length}`);
    }
    const secret = /^[A-Za-z2-7]+$/.test(secretText) ? base32Decode(secretText, { lenientTail: true }) : null;
    if (secret === null) throw formatError(line, 3, 'secret key is not Base32 (a-z, A-Z, 2-7 only, no padding)');
    if (secret.length < MIN_SECRET_BYTES && options.allowShortSecrets !== true) {
      throw formatError(line, 3, `secret key is ${secret.length} bytes; at least ${MIN_SECRET_BYTES} (RFC 4226 R6) are required`);
    }
    if (interval !== '30' && interval !== '60') throw formatError(line, 4, 'time interval must be 30 or 60');
    return {
      source: { kind: 'csv', line },
      serial,
      manufacturer,
      model,
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: Number(interval) as OtpPeriod,
      timeDrift: 0,
      secret,
      upn,
    };
  });
  rejectDuplicateSerials(tokens);
  return tokens;
}
