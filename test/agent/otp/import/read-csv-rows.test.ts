// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { readCsvRows } from '../../../../agent/otp/import/read-csv-rows.js';
import { runPython } from '../../../helpers/python-pskc.js';

describe('readCsvRows', () => {
  test("splits the same way as Python's csv module (quotes, CRLF, embedded newlines, empty fields)", () => {
    const text = '\uFEFFa,"b,1","c ""q"""\r\n"multi\nline",,""\r\n\r\nlast,x';
    const rows = readCsvRows(text, { maxBytes: 1024 });
    const oracle = JSON.parse(
      runPython('import csv, io, json, sys; print(json.dumps([r for r in csv.reader(io.StringIO(sys.argv[1])) if r]))', [text.slice(1)]),
    ) as string[][];
    expect(rows.map((r) => r.fields)).toEqual(oracle);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  test('uses the given delimiter', () => {
    expect(readCsvRows('a;b\tc\n', { maxBytes: 100, delimiter: ';' })[0]!.fields).toEqual(['a', 'b\tc']);
  });

  test.each([
    ['"abc', 1, 1, 'unterminated'],
    ['a,"b"c', 1, 2, 'after a closing quote'],
    ['a\nb,c"d', 2, 2, 'quote inside'],
  ])('refuses %j with line and column', (text, line, column, message) => {
    expect(() => readCsvRows(text, { maxBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'ERR_IMPORT_FORMAT', data: { line, column }, message: expect.stringContaining(message) }),
    );
  });
});
