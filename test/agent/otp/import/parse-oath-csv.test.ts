// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { parseOathCsv } from '../../../../agent/otp/import/parse-oath-csv.js';
import { DEBIAN_PYTHON, runPython } from '../../../helpers/python-pskc.js';

const SECRET_HEX = '3132333435363738393031323334353637383930';
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oath-csv-test-'));
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function failure(text: string): MfaError {
  try {
    parseOathCsv(text);
  } catch (err) {
    expect(err).toBeInstanceOf(MfaError);
    return err as MfaError;
  }
  throw new Error('expected an MfaError');
}

describe('parseOathCsv', () => {
  test("reads pskc2csv's default output (hex secrets, PSKC algorithm URIs)", () => {
    const pskcFile = join(dir, 'in.pskc');
    runPython(
      `import pskc, sys
p = pskc.PSKC()
p.add_key(serial='T-1', secret=bytes.fromhex('${SECRET_HEX}'), algorithm='urn:ietf:params:xml:ns:keyprov:pskc:totp', response_length=8, time_interval=60)
p.add_key(serial='H-1', secret=bytes(range(32)), algorithm='urn:ietf:params:xml:ns:keyprov:pskc:hotp', response_length=6, counter=9)
p.write(sys.argv[1])`,
      [pskcFile],
    );
    const csv = execFileSync(DEBIAN_PYTHON, ['/usr/bin/pskc2csv', pskcFile], { encoding: 'utf8' });
    expect(csv.split(/\r?\n/)[0]).toBe('serial,secret,algorithm,response_length,time_interval');
    const tokens = parseOathCsv(csv);
    expect(tokens.map((t) => [t.serial, t.type, t.digits, t.period, t.counter, t.secret.toString('hex')])).toEqual([
      ['T-1', 'totp', 8, 60, undefined, SECRET_HEX],
      ['H-1', 'hotp', 6, undefined, 0, Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex')],
    ]);
  });

  test('reads pskc2csv with chosen columns, labels and base32 secrets', () => {
    const pskcFile = join(dir, 'in2.pskc');
    runPython(
      `import pskc, sys
p = pskc.PSKC()
p.add_key(serial='H-2', secret=bytes.fromhex('${SECRET_HEX}'), algorithm='urn:ietf:params:xml:ns:keyprov:pskc:hotp', counter=42, manufacturer='Acme', algorithm_suite='SHA256')
p.write(sys.argv[1])`,
      [pskcFile],
    );
    const csv = execFileSync(
      DEBIAN_PYTHON,
      ['/usr/bin/pskc2csv', pskcFile, '-e', 'base32', '-c', 'serial:Serial Number,secret:Secret Key,counter,manufacturer,algorithm_suite'],
      { encoding: 'utf8' },
    );
    const [token] = parseOathCsv(csv, { secretEncoding: 'base32' });
    expect(token).toMatchObject({ serial: 'H-2', type: 'hotp', counter: 42, manufacturer: 'Acme', algorithm: 'SHA256', digits: 6 });
    expect(token!.secret.toString('hex')).toBe(SECRET_HEX);
  });

  test('accepts per-cell encoding prefixes, semicolons, aliases and all columns', () => {
    const b64 = Buffer.from(SECRET_HEX, 'hex').toString('base64');
    const text =
      'Serial;Seed;Type;Hash;Digits;Period;Counter;Time Drift;Manufacturer;Model;Issuer;UPN;ID\n' +
      `A;base64:${b64};totp;SHA-512;8;30;;-1;Acme;M1;Iss;a@x.com;k1\n` +
      `B;base32:GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ;hotp;;;;5;;;;;;\n` +
      `C;${SECRET_HEX};;;;60;;;;;;;\n`;
    const tokens = parseOathCsv(text);
    expect(tokens[0]).toMatchObject({ serial: 'A', type: 'totp', algorithm: 'SHA512', digits: 8, period: 30, timeDrift: -1, manufacturer: 'Acme', model: 'M1', issuer: 'Iss', upn: 'a@x.com', keyId: 'k1' });
    expect(tokens[1]).toMatchObject({ serial: 'B', type: 'hotp', algorithm: 'SHA1', digits: 6, counter: 5 });
    expect(tokens[2]).toMatchObject({ serial: 'C', type: 'totp', period: 60, source: { kind: 'csv', line: 4 } });
    for (const t of tokens) expect(t.secret.toString('hex')).toBe(SECRET_HEX);
  });

  test.each([
    ['unknown column', `serial,sercet\nA,${SECRET_HEX}\n`, 1, 2, 'unknown column "sercet"'],
    ['no secret column', 'serial,counter\nA,1\n', 1, 1, 'no secret column'],
    ['bad hex', `serial,secret,algorithm\nA,${SECRET_HEX}zz,hotp\n`, 2, 2, 'not valid hex'],
    ['odd hex', `serial,secret,algorithm\nA,${SECRET_HEX}0,hotp\n`, 2, 2, 'not valid hex'],
    ['short', 'serial,secret,algorithm\nA,00112233,hotp\n', 2, 2, '4 bytes'],
    ['digits', `serial,secret,algorithm,digits\nA,${SECRET_HEX},hotp,7\n`, 2, 4, 'digits must be 6 or 8'],
    ['period', `serial,secret,algorithm,period\nA,${SECRET_HEX},totp,15\n`, 2, 4, '30 or 60'],
    ['no type', `serial,secret\nA,${SECRET_HEX}\n`, 2, 1, 'cannot tell HOTP from TOTP'],
    ['ocra', `serial,secret,algorithm\nA,${SECRET_HEX},urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1\n`, 2, 3, 'algorithm must be'],
    ['negative counter', `serial,secret,counter\nA,${SECRET_HEX},-3\n`, 2, 3, 'integer ≥ 0'],
    ['time offset', `serial,secret,algorithm,time_offset\nA,${SECRET_HEX},totp,100\n`, 2, 4, 'time_offset'],
    ['repeated column', `serial,secret,seed\nA,${SECRET_HEX},${SECRET_HEX}\n`, 1, 3, 'repeats secret'],
  ])('refuses %s, naming line and column but not the secret', (_name, text, line, column, message) => {
    const err = failure(text);
    expect(err.code).toBe('ERR_IMPORT_FORMAT');
    expect(err.data).toEqual({ line, column });
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(SECRET_HEX);
  });

  test('a csv2pskc-compatible file round-trips to the same tokens through csv2pskc and pskc2csv', () => {
    const csvIn = join(dir, 'rt.csv');
    writeFileSync(csvIn, `serial,secret,algorithm,response_length,time_interval\nR-1,${SECRET_HEX},urn:ietf:params:xml:ns:keyprov:pskc:totp,6,30\n`);
    const direct = parseOathCsv(`serial,secret,algorithm,response_length,time_interval\nR-1,${SECRET_HEX},urn:ietf:params:xml:ns:keyprov:pskc:totp,6,30\n`);
    const pskcOut = join(dir, 'rt.pskc');
    execFileSync(DEBIAN_PYTHON, ['/usr/bin/csv2pskc', csvIn, '-o', pskcOut]);
    const back = execFileSync(DEBIAN_PYTHON, ['/usr/bin/pskc2csv', pskcOut], { encoding: 'utf8' });
    const viaTools = parseOathCsv(back);
    expect(viaTools.map(({ source: _s, ...t }) => t)).toEqual(direct.map(({ source: _s, ...t }) => t));
  });
});
