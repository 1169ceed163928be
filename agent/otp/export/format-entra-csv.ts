// SPDX-License-Identifier: UNLICENSED
/**
 * Tokens → the Microsoft Entra hardware OATH CSV (see parse-entra-csv.ts for the format):
 * the header row, then one CRLF-terminated row per token; fields are quoted when they contain a comma,
 * quote or line break. The secret is unpadded upper-case Base32.
 * Entra takes TOTP, HMAC-SHA1, 6 digits, 30 or 60 s only, each token needs a UPN and a serial, and the
 * Base32 secret may not exceed 128 characters (80 bytes). Tokens that break a rule are all listed in
 * one `ERR_INVALID_INPUT`; nothing is written then.
 */
import { base32Encode } from '../base32.js';
import { ENTRA_CSV_HEADER, ENTRA_MAX_SECRET_CHARS } from '../import/parse-entra-csv.js';
import { refuseUnexportable, type ExportableToken } from './exportable-token.js';

export function formatEntraCsv(tokens: readonly ExportableToken[]): string {
  refuseUnexportable('the Entra OATH CSV', tokens, [
    { reason: 'not TOTP (Entra has no HOTP)', breaks: (t) => t.type !== 'totp' },
    { reason: 'not HMAC-SHA1 (the CSV upload is SHA-1 only)', breaks: (t) => t.algorithm !== 'SHA1' },
    { reason: 'not 6 digits', breaks: (t) => t.digits !== 6 },
    { reason: 'time step not 30 or 60 s', breaks: (t) => t.type === 'totp' && t.period !== 30 && t.period !== 60 },
    { reason: 'no UPN', breaks: (t) => (t.upn ?? '').trim() === '' },
    { reason: 'no serial number', breaks: (t) => t.serial.trim() === '' },
    { reason: `secret longer than ${ENTRA_MAX_SECRET_CHARS} Base32 characters`, breaks: (t) => Math.ceil((t.secret.length * 8) / 5) > ENTRA_MAX_SECRET_CHARS },
  ]);
  const rows = tokens.map((t) =>
    [t.upn ?? '', t.serial, base32Encode(t.secret), String(t.period), t.manufacturer, t.model].map(csvField).join(','),
  );
  return [ENTRA_CSV_HEADER.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
