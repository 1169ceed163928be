// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { parseEntraCsv } from '../../../../agent/otp/import/parse-entra-csv.js';
import { runPython } from '../../../helpers/python-pskc.js';

const HEADER = 'upn,serial number,secret key,time interval,manufacturer,model';
/** RFC 6238 SHA-1 seed "12345678901234567890" in Base32 (token-hardware.md §8). */
const B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function failure(text: string): MfaError {
  try {
    parseEntraCsv(text);
  } catch (err) {
    expect(err).toBeInstanceOf(MfaError);
    return err as MfaError;
  }
  throw new Error('expected an MfaError');
}

describe('parseEntraCsv', () => {
  test("reads Microsoft's documented example, decoding the secret as Python's base64 does", () => {
    const [token] = parseEntraCsv(`${HEADER}\nHelga@contoso.com,1234567,2234567abcdef2234567abcdef,60,Contoso,HardwareKey\n`);
    const oracle = runPython("import base64; print(base64.b32decode('2234567ABCDEF2234567ABCDEF======').hex())").trim();
    expect(token).toMatchObject({
      source: { kind: 'csv', line: 2 },
      upn: 'Helga@contoso.com',
      serial: '1234567',
      manufacturer: 'Contoso',
      model: 'HardwareKey',
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 60,
      timeDrift: 0,
    });
    expect(token!.secret.toString('hex')).toBe(oracle);
  });

  test('accepts a BOM, CRLF, quoted fields and a header in any case', () => {
    const text = `\uFEFF${HEADER.toUpperCase()}\r\n"a@x.com","S,1","${B32}",30,"Acme ""Pro""",K1\r\nb@x.com,S2,${B32.toLowerCase()},60,Acme,K2\r\n\r\n`;
    const tokens = parseEntraCsv(text);
    expect(tokens.map((t) => [t.source, t.upn, t.serial, t.period, t.manufacturer, t.secret.toString()])).toEqual([
      [{ kind: 'csv', line: 2 }, 'a@x.com', 'S,1', 30, 'Acme "Pro"', '12345678901234567890'],
      [{ kind: 'csv', line: 3 }, 'b@x.com', 'S2', 60, 'Acme', '12345678901234567890'],
    ]);
  });

  test.each([
    ['missing header', `a@x.com,S1,${B32},30,Acme,K1\n`, 1, 1, 'header row'],
    ['no rows', `${HEADER}\n`, 2, 1, 'no token rows'],
    ['bad base32', `${HEADER}\na@x.com,S1,GEZDGNBVGY3TQOJ1GEZDGNBVGY3TQOJQ,30,Acme,K1\n`, 2, 3, 'not Base32'],
    ['padding', `${HEADER}\na@x.com,S1,${B32}====,30,Acme,K1\n`, 2, 3, 'not Base32'],
    ['too long', `${HEADER}\na@x.com,S1,${'A'.repeat(136)},30,Acme,K1\n`, 2, 3, '1–128'],
    ['short secret', `${HEADER}\na@x.com,S1,GEZDGNBVGY3TQOJQ,30,Acme,K1\n`, 2, 3, '10 bytes'],
    ['bad interval', `${HEADER}\na@x.com,S1,${B32},45,Acme,K1\n`, 2, 4, 'time interval must be 30 or 60'],
    ['missing field', `${HEADER}\r\na@x.com,S1,${B32},30,Acme\r\n`, 2, 6, 'expected 6 fields'],
    ['empty upn', `${HEADER}\n,S1,${B32},30,Acme,K1\n`, 2, 1, 'upn is empty'],
    ['unterminated quote', `${HEADER}\na@x.com,"S1,${B32},30,Acme,K1\n`, 2, 2, 'unterminated'],
    ['stray quote', `${HEADER}\na@x.com,S"1,${B32},30,Acme,K1\n`, 2, 2, 'quote inside'],
    ['duplicate serial', `${HEADER}\na@x.com,S1,${B32},30,A,K\nb@x.com,S1,${B32},30,A,K\n`, undefined, undefined, 'line 2 and line 3'],
  ])('refuses %s, naming line and column but not the secret', (_name, text, line, column, message) => {
    const err = failure(text);
    expect(err.code).toBe('ERR_IMPORT_FORMAT');
    expect(err.message).toContain(message);
    if (line !== undefined) expect(err.data).toEqual({ line, column });
    expect(err.message).not.toContain(B32);
    expect(err.message).not.toContain('GEZDGNBVGY3TQOJ');
  });

  test('allowShortSecrets admits a 10-byte secret', () => {
    const [token] = parseEntraCsv(`${HEADER}\na@x.com,S1,GEZDGNBVGY3TQOJQ,30,Acme,K1\n`, { allowShortSecrets: true });
    expect(token!.secret.toString()).toBe('1234567890');
  });

  test('refuses an oversized file', () => {
    expect(() => parseEntraCsv(`${HEADER}\n${'x'.repeat(2048)}`, { maxBytes: 1024 })).toThrow(
      expect.objectContaining({ code: 'ERR_IMPORT_TOO_LARGE' }),
    );
  });
});
