// SPDX-License-Identifier: UNLICENSED
/**
 * A plain OATH seed CSV, in the layout of python-pskc's `pskc2csv` / `csv2pskc` (Debian pskc-utils),
 * which admins use to convert vendor files. `pskc2csv` writes by default
 * `serial,secret,algorithm,response_length,time_interval` with a hex secret.
 *
 * - A header row is mandatory. Names are compared after lower-casing and turning spaces and hyphens
 *   into `_` (as csv2pskc does); columns may come in any order. Recognised columns and aliases:
 *   | column          | aliases                               | value                                             |
 *   |-----------------|---------------------------------------|---------------------------------------------------|
 *   | secret          | secret_key, key, seed                 | required; see encodings below                     |
 *   | serial          | serial_number, serialno               | optional                                          |
 *   | algorithm       | type                                  | PSKC Key@Algorithm URI, or `hotp` / `totp`        |
 *   | algorithm_suite | suite, hash                           | SHA1 (default), SHA256, SHA512                    |
 *   | response_length | digits                                | 6 (default) or 8                                  |
 *   | time_interval   | interval, period                      | 30 (default) or 60, TOTP                          |
 *   | counter         |                                       | ≥ 0 (default 0), HOTP                             |
 *   | time_drift      |                                       | integer steps (default 0), TOTP                   |
 *   | time_offset     |                                       | must be empty or 0                                |
 *   | manufacturer, model, issuer, id                                         | text                     |
 *   | upn             | userid, user_id, key_userid, user     | text                                              |
 *   A column named `` or `-` is ignored; any other name is an error, so a typo cannot silently drop a value.
 * - Without an `algorithm` value a row is TOTP if it has a time_interval, HOTP if it has a counter,
 *   and an error otherwise.
 * - The secret is decoded with `secretEncoding` (default `hex`, like the tools); a cell may override
 *   it with a `hex:`, `base32:` or `base64:` prefix.
 * - The delimiter is `,`, or `;` / tab when the header line contains no comma.
 * All or nothing; faults are `ERR_IMPORT_FORMAT` naming line and column, never the secret.
 */
import type { OtpAlgorithm, OtpDigits, OtpPeriod, OtpType } from '../otp-params.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { base32Decode } from '../base32.js';
import { MAX_SECRET_BYTES, MIN_SECRET_BYTES, type ImportedToken } from './imported-token.js';
import { KEY_ALGORITHM_TYPES } from './pskc-constants.js';
import { formatError, readCsvRows } from './read-csv-rows.js';
import { rejectDuplicateSerials } from './reject-duplicate-serials.js';

export type OathCsvSecretEncoding = 'hex' | 'base32' | 'base64';

export interface ParseOathCsvOptions {
  /** How secrets without a prefix are encoded. Default `hex` (pskc2csv's default). */
  secretEncoding?: OathCsvSecretEncoding;
  /** Accept secrets shorter than 128 bits (RFC 4226 §4 R6 forbids them). Default false. */
  allowShortSecrets?: boolean;
  /** Largest accepted file in bytes. Default 10 MiB. */
  maxBytes?: number;
}

const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  secret: 'secret', secret_key: 'secret', key: 'secret', seed: 'secret',
  serial: 'serial', serial_number: 'serial', serialno: 'serial',
  algorithm: 'algorithm', type: 'algorithm',
  algorithm_suite: 'suite', suite: 'suite', hash: 'suite',
  response_length: 'digits', digits: 'digits',
  time_interval: 'period', interval: 'period', period: 'period',
  counter: 'counter', time_drift: 'time_drift', time_offset: 'time_offset',
  manufacturer: 'manufacturer', model: 'model', issuer: 'issuer', id: 'id',
  upn: 'upn', userid: 'upn', user_id: 'upn', key_userid: 'upn', user: 'upn',
};

export function parseOathCsv(text: string, options: ParseOathCsvOptions = {}): ImportedToken[] {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const rows = readCsvRows(text, { maxBytes: options.maxBytes ?? 10 * 1024 * 1024, delimiter });
  const [header, ...records] = rows;
  if (header === undefined) throw formatError(1, 1, 'the file is empty (a header row is required)');
  const columns = header.fields.map((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[ -]+/g, '_');
    if (name === '' || name === '_') return undefined;
    const column = COLUMN_ALIASES[name];
    if (column === undefined) throw formatError(header.line, i + 1, `unknown column "${raw.trim()}"`);
    if (header.fields.some((other, j) => j < i && COLUMN_ALIASES[other.trim().toLowerCase().replace(/[ -]+/g, '_')] === column)) {
      throw formatError(header.line, i + 1, `column "${raw.trim()}" repeats ${column}`);
    }
    return column;
  });
  if (!columns.includes('secret')) throw formatError(header.line, 1, 'the header has no secret column');
  if (records.length === 0) throw formatError(header.line + 1, 1, 'the file has no token rows');
  const tokens = records.map(({ line, fields }) => {
    const cell = (column: string): { value: string; col: number } => {
      const index = columns.indexOf(column);
      return { value: index < 0 ? '' : (fields[index] ?? '').trim(), col: index + 1 };
    };
    return readRow(line, cell, options);
  });
  rejectDuplicateSerials(tokens);
  return tokens;
}

type Cell = (column: string) => { value: string; col: number };

function readRow(line: number, cell: Cell, options: ParseOathCsvOptions): ImportedToken {
  const type = typeOf(line, cell);
  const secret = secretOf(line, cell('secret'), options);
  const token: ImportedToken = {
    source: { kind: 'csv', line },
    serial: cell('serial').value,
    manufacturer: cell('manufacturer').value,
    model: cell('model').value,
    type,
    algorithm: suiteOf(line, cell('suite')),
    digits: oneOf(line, cell('digits'), ['6', '8'], '6', 'digits must be 6 or 8') as OtpDigits,
    timeDrift: 0,
    secret,
  };
  const offset = cell('time_offset');
  if (offset.value !== '' && offset.value !== '0') throw formatError(line, offset.col, 'time_offset other than 0 is not supported');
  if (type === 'totp') {
    token.period = oneOf(line, cell('period'), ['30', '60'], '30', 'time interval must be 30 or 60') as OtpPeriod;
    token.timeDrift = integer(line, cell('time_drift'), false);
  } else {
    token.counter = integer(line, cell('counter'), true);
  }
  for (const [column, key] of [['issuer', 'issuer'], ['upn', 'upn'], ['id', 'keyId']] as const) {
    const value = cell(column).value;
    if (value !== '') token[key] = value;
  }
  return token;
}

function typeOf(line: number, cell: Cell): OtpType {
  const { value, col } = cell('algorithm');
  if (value === '') {
    if (cell('period').value !== '') return 'totp';
    if (cell('counter').value !== '') return 'hotp';
    throw formatError(line, col || 1, 'cannot tell HOTP from TOTP: give an algorithm, time_interval or counter');
  }
  const lower = value.toLowerCase();
  const type = lower === 'hotp' || lower === 'totp' ? lower : KEY_ALGORITHM_TYPES[value];
  if (type === undefined) throw formatError(line, col, 'algorithm must be hotp, totp or a PSKC HOTP/TOTP URI');
  return type;
}

function secretOf(line: number, { value, col }: { value: string; col: number }, options: ParseOathCsvOptions): Buffer {
  const match = /^(hex|base32|base64):(.*)$/i.exec(value);
  const encoding = (match?.[1]?.toLowerCase() ?? options.secretEncoding ?? 'hex') as OathCsvSecretEncoding;
  const body = (match?.[2] ?? value).replace(/\s+/g, '');
  let secret: Buffer | null;
  if (encoding === 'hex') secret = /^(?:[0-9a-fA-F]{2})+$/.test(body) ? Buffer.from(body, 'hex') : null;
  else if (encoding === 'base32') secret = /^[A-Za-z2-7]+=*$/.test(body) ? base32Decode(body, { lenientTail: true }) : null;
  else secret = decodeBase64Strict(body);
  if (secret === null || secret.length === 0) throw formatError(line, col, `secret is not valid ${encoding}`);
  if (secret.length > MAX_SECRET_BYTES) throw formatError(line, col, `secret is longer than ${MAX_SECRET_BYTES} bytes`);
  if (secret.length < MIN_SECRET_BYTES && options.allowShortSecrets !== true) {
    throw formatError(line, col, `secret is ${secret.length} bytes; at least ${MIN_SECRET_BYTES} (RFC 4226 R6) are required`);
  }
  return secret;
}

function suiteOf(line: number, { value, col }: { value: string; col: number }): OtpAlgorithm {
  if (value === '') return 'SHA1';
  const name = value.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^HMAC/, '');
  if (name === 'SHA1' || name === 'SHA256' || name === 'SHA512') return name;
  throw formatError(line, col, 'algorithm_suite must be SHA1, SHA256 or SHA512');
}

function oneOf(line: number, { value, col }: { value: string; col: number }, allowed: string[], fallback: string, message: string): number {
  const v = value === '' ? fallback : value;
  if (!allowed.includes(v)) throw formatError(line, col, message);
  return Number(v);
}

function integer(line: number, { value, col }: { value: string; col: number }, nonNegative: boolean): number {
  if (value === '') return 0;
  const n = /^[+-]?[0-9]{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || (nonNegative && n < 0)) throw formatError(line, col, nonNegative ? 'must be an integer ≥ 0' : 'must be an integer');
  return n;
}
