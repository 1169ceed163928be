// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { formatEntraCsv } from '../../../../agent/otp/export/format-entra-csv.js';
import type { ExportableToken } from '../../../../agent/otp/export/exportable-token.js';
import { parseEntraCsv } from '../../../../agent/otp/import/parse-entra-csv.js';
import { runPython } from '../../../helpers/python-pskc.js';

const SEED = Buffer.from('12345678901234567890');

function totp(serial: string, extra: Partial<ExportableToken> = {}): ExportableToken {
  return { serial, manufacturer: 'Acme', model: 'T1', type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, secret: SEED, upn: `${serial}@x.com`, ...extra };
}

describe('formatEntraCsv', () => {
  test('writes the header and CRLF rows that Python csv and our parser read back', () => {
    const tokens = [totp('S1'), totp('S,2', { period: 60, manufacturer: 'Acme "Pro"' })];
    const csv = formatEntraCsv(tokens);
    expect(csv.split('\r\n')[0]).toBe('upn,serial number,secret key,time interval,manufacturer,model');
    expect(csv.split('\r\n')[1]).toBe('S1@x.com,S1,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,30,Acme,T1');
    const rows = JSON.parse(runPython('import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.argv[1])))))', [csv])) as string[][];
    expect(rows[2]).toEqual(['S,2@x.com', 'S,2', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '60', 'Acme "Pro"', 'T1']);
    const back = parseEntraCsv(csv);
    expect(back.map((t) => [t.upn, t.serial, t.period, t.manufacturer, t.secret.equals(SEED)])).toEqual([
      ['S1@x.com', 'S1', 30, 'Acme', true],
      ['S,2@x.com', 'S,2', 60, 'Acme "Pro"', true],
    ]);
  });

  test('refuses HOTP, non-SHA1, 8-digit and UPN-less tokens, listing every serial', () => {
    const tokens = [
      totp('OK'),
      totp('H1', { type: 'hotp', period: undefined }),
      totp('S256', { algorithm: 'SHA256' }),
      totp('S512', { algorithm: 'SHA512' }),
      totp('D8', { digits: 8 }),
      totp('NOUPN', { upn: undefined }),
    ];
    let caught: unknown;
    try {
      formatEntraCsv(tokens);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MfaError);
    const err = caught as MfaError;
    expect(err.code).toBe('ERR_INVALID_INPUT');
    expect(err.data['refused']).toEqual([
      { reason: 'not TOTP (Entra has no HOTP)', serials: ['H1'] },
      { reason: 'not HMAC-SHA1 (the CSV upload is SHA-1 only)', serials: ['S256', 'S512'] },
      { reason: 'not 6 digits', serials: ['D8'] },
      { reason: 'no UPN', serials: ['NOUPN'] },
    ]);
    expect(err.message).toContain('S256, S512');
    expect(err.message).not.toContain('GEZDGNBV');
  });

  test('refuses a secret longer than 128 Base32 characters', () => {
    expect(() => formatEntraCsv([totp('LONG', { secret: Buffer.alloc(81, 1) })])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(formatEntraCsv([totp('MAX', { secret: Buffer.alloc(80, 1) })])).toContain(',MAX,');
  });
});
