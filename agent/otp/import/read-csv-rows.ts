// SPDX-License-Identifier: UNLICENSED
/**
 * RFC 4180 CSV reader for seed files. Fields are separated by `delimiter` (default `,`); a field may
 * be quoted with `"`, a quoted field may contain the delimiter, line breaks and `""` for a quote.
 * Records end with CRLF or LF. A leading byte-order mark is dropped; blank lines are skipped.
 * Faults are `ERR_IMPORT_FORMAT` naming the line and column (1-based); field values never appear in
 * messages because a field may be a secret.
 */
import { MfaError } from '../../errors.js';

export interface CsvRow {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface ReadCsvOptions {
  /** Largest accepted input in UTF-8 bytes. */
  maxBytes: number;
  /** Field separator; default `,`. */
  delimiter?: ',' | ';' | '\t';
}

export function readCsvRows(text: string, options: ReadCsvOptions): CsvRow[] {
  if (text.length > options.maxBytes || Buffer.byteLength(text, 'utf8') > options.maxBytes) {
    throw new MfaError('ERR_IMPORT_TOO_LARGE', `CSV file is larger than ${options.maxBytes} bytes`, {
      data: { maxBytes: options.maxBytes },
    });
  }
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = options.delimiter ?? ',';
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let atFieldStart = true;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endField = (): void => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRow = (): void => {
    endField();
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && atFieldStart) {
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= src.length) throw formatError(startLine, fields.length + 1, 'unterminated quoted field');
        const q = src[i];
        i += 1;
        if (q === '"') {
          if (src[i] !== '"') break;
          i += 1;
        } else if (q === '\n') line += 1;
        field += q;
      }
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw formatError(line, fields.length + 1, 'text after a closing quote');
      }
      atFieldStart = false;
    } else if (ch === delimiter) {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      rowLine = line;
    } else if (ch === '"') {
      throw formatError(line, fields.length + 1, 'a quote inside an unquoted field');
    } else {
      field += ch;
      atFieldStart = false;
      i += 1;
    }
  }
  if (!atFieldStart || fields.length > 0) endRow();
  return rows;
}

export function formatError(line: number, column: number, reason: string): MfaError {
  return new MfaError('ERR_IMPORT_FORMAT', `line ${line}, column ${column}: ${reason}`, { data: { line, column } });
}
