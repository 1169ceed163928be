// SPDX-License-Identifier: UNLICENSED
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import type { ImportedToken } from '../../../../agent/otp/import/imported-token.js';
import { parsePskc, type ParsePskcOptions } from '../../../../agent/otp/import/parse-pskc.js';
import { DEBIAN_PYTHON, runPython } from '../../../helpers/python-pskc.js';

/** §7.1 VERIFIED sample: transport key, MAC key, secret and IV as recorded in token-hardware.md. */
const SAMPLE_TRANSPORT_KEY = Buffer.from('12345678901234567890123456789012', 'hex');
const SAMPLE_SECRET_HEX = '3132333435363738393031323334353637383930';
const SAMPLE_CIPHER_VALUE = 'AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv';
const SAMPLE_VALUE_MAC = 'Su+NvtQfmvfJzF6bmQiJqoLRExc=';
/** MAC key 1122…9900 under the transport key, IV 000102…0f (checked below by python-pskc). */
const SAMPLE_MAC_KEY_CIPHER = 'AAECAwQFBgcICQoLDA0OD+5uCVIUWAIt3uwj3Vm/HEM09Gc4CudV495looSAjSuc';

function sampleContainer(valueMac = SAMPLE_VALUE_MAC, cipherValue = SAMPLE_CIPHER_VALUE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<pskc:KeyContainer Version="1.0" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
  <pskc:EncryptionKey><ds:KeyName>Pre-shared-key</ds:KeyName></pskc:EncryptionKey>
  <pskc:MACMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
    <pskc:MACKey>
      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
      <xenc:CipherData><xenc:CipherValue>${SAMPLE_MAC_KEY_CIPHER}</xenc:CipherValue></xenc:CipherData>
    </pskc:MACKey>
  </pskc:MACMethod>
  <pskc:KeyPackage>
    <pskc:DeviceInfo>
      <pskc:Manufacturer>Manufacturer</pskc:Manufacturer>
      <pskc:SerialNo>987654321</pskc:SerialNo>
      <pskc:Model>TOTP-1</pskc:Model>
    </pskc:DeviceInfo>
    <pskc:Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp">
      <pskc:Issuer>Issuer</pskc:Issuer>
      <pskc:AlgorithmParameters><pskc:ResponseFormat Length="6" Encoding="DECIMAL"/></pskc:AlgorithmParameters>
      <pskc:Data>
        <pskc:Secret>
          <pskc:EncryptedValue>
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
            <xenc:CipherData><xenc:CipherValue>${cipherValue}</xenc:CipherValue></xenc:CipherData>
          </pskc:EncryptedValue>
          <pskc:ValueMAC>${valueMac}</pskc:ValueMAC>
        </pskc:Secret>
        <pskc:TimeInterval><pskc:PlainValue>30</pskc:PlainValue></pskc:TimeInterval>
      </pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>
</pskc:KeyContainer>
`;
}

function plainContainer(keyXml: string, extra = ''): string {
  return `<?xml version="1.0"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">${extra}
  <KeyPackage><DeviceInfo><SerialNo>S1</SerialNo></DeviceInfo>${keyXml}</KeyPackage>
</KeyContainer>`;
}

function hotpKey(secretB64: string, params = '<AlgorithmParameters><ResponseFormat Length="6" Encoding="DECIMAL"/></AlgorithmParameters>'): string {
  return `<Key Id="k1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">${params}
    <Data><Secret><PlainValue>${secretB64}</PlainValue></Secret><Counter><PlainValue>0</PlainValue></Counter></Data></Key>`;
}

const SECRET20_B64 = Buffer.from('12345678901234567890').toString('base64');

function expectMfaError(fn: () => unknown, code: string, messagePart?: string): MfaError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MfaError);
  const err = caught as MfaError;
  expect(err.code).toBe(code);
  if (messagePart !== undefined) expect(err.message).toContain(messagePart);
  return err;
}

const GENERATOR = `
import pskc, json, os, sys
out = sys.argv[1]
HOTP = 'urn:ietf:params:xml:ns:keyprov:pskc:hotp'
TOTP = 'urn:ietf:params:xml:ns:keyprov:pskc:totp'
PSK = {16: bytes.fromhex('000102030405060708090a0b0c0d0e0f'), 24: bytes(range(24)), 32: bytes(range(32))}
manifest = {}
def keys(tag, drift):
    return [
        dict(serial=tag + '-H', secret=os.urandom(20), algorithm=HOTP, counter=7, response_length=6,
             manufacturer='Acme', model='HOTP-1', key_userid='alice@example.com', issuer='Acme Corp'),
        dict(serial=tag + '-T256', secret=os.urandom(32), algorithm=TOTP, time_interval=60, response_length=8,
             algorithm_suite='SHA256', time_drift=drift),
        dict(serial=tag + '-T512', secret=os.urandom(64), algorithm=TOTP, time_interval=30, response_length=6,
             algorithm_suite='SHA512'),
    ]
def make(name, setup, drift=-2):
    p = pskc.PSKC()
    ks = keys(name, drift)
    for k in ks:
        p.add_key(**k)
    if setup:
        setup(p.encryption)
    p.write(os.path.join(out, name + '.pskc'))
    manifest[name] = [dict(k, secret=k['secret'].hex()) for k in ks]
make('plain', None)
for alg, n in [('aes128-cbc', 16), ('aes192-cbc', 24), ('aes256-cbc', 32), ('tripledes-cbc', 24),
               ('kw-aes128', 16), ('kw-aes192', 24), ('kw-aes256', 32)]:
    make('psk-' + alg, lambda e, alg=alg, n=n: e.setup_preshared_key(key=PSK[n], key_name='Pre-shared-key', algorithm=alg))
make('psk-fields', lambda e: e.setup_preshared_key(key=PSK[16], algorithm='aes128-cbc',
                                                  fields=['secret', 'counter', 'time_interval', 'time_drift']), drift=3)
make('pbkdf2-aes128', lambda e: e.setup_pbkdf2('correct horse', iterations=2000))
make('pbkdf2-aes256-sha256', lambda e: e.setup_pbkdf2('correct horse', iterations=2000, algorithm='aes256-cbc',
                                                     prf='http://www.w3.org/2001/04/xmldsig-more#hmac-sha256'))
json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'))
`;

interface ManifestKey {
  serial: string;
  secret: string;
  algorithm: string;
  counter?: number;
  time_interval?: number;
  response_length: number;
  algorithm_suite?: string;
  time_drift?: number;
  manufacturer?: string;
  model?: string;
  key_userid?: string;
  issuer?: string;
}

const PSK: Record<number, Buffer> = {
  16: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'),
  24: Buffer.from(Array.from({ length: 24 }, (_, i) => i)),
  32: Buffer.from(Array.from({ length: 32 }, (_, i) => i)),
};

let dir = '';
let manifest: Record<string, ManifestKey[]> = {};
const fixture = (name: string): string => readFileSync(join(dir, `${name}.pskc`), 'utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pskc-test-'));
  runPython(GENERATOR, [dir]);
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, ManifestKey[]>;
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function expectMatchesManifest(tokens: ImportedToken[], expected: ManifestKey[]): void {
  expect(tokens).toHaveLength(expected.length);
  tokens.forEach((token, i) => {
    const want = expected[i]!;
    expect(token.secret.toString('hex')).toBe(want.secret);
    expect(token.serial).toBe(want.serial);
    expect(token.type).toBe(want.algorithm.endsWith('hotp') ? 'hotp' : 'totp');
    expect(token.algorithm).toBe(want.algorithm_suite ?? 'SHA1');
    expect(token.digits).toBe(want.response_length);
    expect(token.source).toEqual({ kind: 'pskc', keyPackage: i + 1 });
    if (token.type === 'hotp') {
      expect(token.counter).toBe(want.counter);
      expect(token.period).toBeUndefined();
    } else {
      expect(token.period).toBe(want.time_interval);
      expect(token.timeDrift).toBe(want.time_drift ?? 0);
      expect(token.counter).toBeUndefined();
    }
    expect(token.manufacturer).toBe(want.manufacturer ?? '');
    expect(token.model).toBe(want.model ?? '');
    expect(token.upn).toBe(want.key_userid);
    expect(token.issuer).toBe(want.issuer);
  });
}

describe('parsePskc', () => {
  test('reads the §7.1 VERIFIED sample, as python-pskc does', () => {
    const xml = sampleContainer();
    const [token, ...rest] = parsePskc(xml, { preSharedKey: SAMPLE_TRANSPORT_KEY });
    expect(rest).toHaveLength(0);
    expect(token).toMatchObject({
      serial: '987654321',
      manufacturer: 'Manufacturer',
      model: 'TOTP-1',
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      timeDrift: 0,
      issuer: 'Issuer',
      keyId: '12345678',
    });
    expect(token!.secret.toString('hex')).toBe(SAMPLE_SECRET_HEX);
    const file = join(dir, 'sample.pskc');
    writeFileSync(file, xml);
    const oracle = runPython(
      'import pskc,sys; p=pskc.PSKC(sys.argv[1]); p.encryption.key=bytes.fromhex(sys.argv[2]); k=p.keys[0]; print(k.secret.hex(), k.time_interval, k.response_length)',
      [file, SAMPLE_TRANSPORT_KEY.toString('hex')],
    );
    expect(oracle.trim()).toBe(`${SAMPLE_SECRET_HEX} 30 6`);
  });

  test('pskctool --validate accepts the sample container we import', () => {
    const file = join(dir, 'validate.pskc');
    writeFileSync(file, sampleContainer());
    const result = spawnSync('pskctool', ['--validate', file], { encoding: 'utf8' });
    expect([result.status, result.stdout.trim()]).toEqual([0, 'OK']);
    // libpskc validates the schema but cannot decrypt, so it warns that its own parse is incomplete.
    expect(result.stderr).toContain('output may be incomplete');
  });

  test('a plaintext container that pskctool validates and parses imports with the same values', () => {
    const xml = `<?xml version="1.0"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
  <KeyPackage>
    <DeviceInfo><Manufacturer>oath.Acme</Manufacturer><SerialNo>S-1</SerialNo><Model>T1</Model></DeviceInfo>
    <Key Id="k1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp">
      <AlgorithmParameters><Suite>SHA256</Suite><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>${SECRET20_B64}</PlainValue></Secret>
        <Time><PlainValue>0</PlainValue></Time>
        <TimeInterval><PlainValue>60</PlainValue></TimeInterval>
        <TimeDrift><PlainValue>-1</PlainValue></TimeDrift>
      </Data>
    </Key>
  </KeyPackage>
</KeyContainer>`;
    const file = join(dir, 'plain-valid.pskc');
    writeFileSync(file, xml);
    const validate = spawnSync('pskctool', ['--validate', file], { encoding: 'utf8' });
    expect([validate.status, validate.stdout.trim(), validate.stderr]).toEqual([0, 'OK', '']);
    const info = execFileSync('pskctool', ['-i', file], { encoding: 'utf8' });
    expect(info).toContain(`Key Secret (base64): ${SECRET20_B64}`);
    expect(info).toContain('Key TimeInterval: 60');
    expect(parsePskc(xml)).toEqual([
      {
        source: { kind: 'pskc', keyPackage: 1 },
        serial: 'S-1',
        manufacturer: 'oath.Acme',
        model: 'T1',
        type: 'totp',
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
        timeDrift: -1,
        secret: Buffer.from('12345678901234567890'),
        keyId: 'k1',
      },
    ]);
  });

  test('a tampered ValueMAC fails the whole file with ERR_IMPORT_MAC naming the key package', () => {
    const tampered = sampleContainer('Tu+NvtQfmvfJzF6bmQiJqoLRExc=');
    const err = expectMfaError(() => parsePskc(tampered, { preSharedKey: SAMPLE_TRANSPORT_KEY }), 'ERR_IMPORT_MAC', 'key package 1');
    expect(err.message).not.toContain(SAMPLE_SECRET_HEX);
    const [token] = parsePskc(tampered, { preSharedKey: SAMPLE_TRANSPORT_KEY, allowMacMismatch: true });
    expect(token!.secret.toString('hex')).toBe(SAMPLE_SECRET_HEX);
  });

  test('a wrong transport key is ERR_IMPORT_DECRYPT', () => {
    const wrong = Buffer.from('12345678901234567890123456789013', 'hex');
    expectMfaError(() => parsePskc(sampleContainer(), { preSharedKey: wrong }), 'ERR_IMPORT_DECRYPT', 'key package 1');
    expectMfaError(() => parsePskc(sampleContainer(), {}), 'ERR_IMPORT_DECRYPT', 'Pre-shared-key');
  });

  test('malformed base64 in a CipherValue or PlainValue names the key package', () => {
    expectMfaError(
      () => parsePskc(sampleContainer(SAMPLE_VALUE_MAC, 'AAEC*wQF'), { preSharedKey: SAMPLE_TRANSPORT_KEY }),
      'ERR_IMPORT_FORMAT',
      'key package 1 <Secret>: <xenc:CipherValue> is not valid base64',
    );
    expectMfaError(() => parsePskc(plainContainer(hotpKey('MTIz!NDU2'))), 'ERR_IMPORT_FORMAT', 'key package 1 <Secret>: <PlainValue> is not valid base64');
    expectMfaError(() => parsePskc(plainContainer(hotpKey('MTIzNDU'))), 'ERR_IMPORT_FORMAT', 'not valid base64');
  });

  test.each([
    'plain',
    'psk-aes128-cbc',
    'psk-aes192-cbc',
    'psk-aes256-cbc',
    'psk-tripledes-cbc',
    'psk-kw-aes128',
    'psk-kw-aes192',
    'psk-kw-aes256',
    'psk-fields',
    'pbkdf2-aes128',
    'pbkdf2-aes256-sha256',
  ])('imports python-pskc container %s with the exact secrets', (name) => {
    const keyBytes = /aes192|tripledes/.test(name) ? 24 : /aes256/.test(name) ? 32 : 16;
    const options: ParsePskcOptions = name.startsWith('pbkdf2')
      ? { password: 'correct horse' }
      : name.startsWith('psk')
        ? { preSharedKey: PSK[keyBytes]! }
        : {};
    expectMatchesManifest(parsePskc(fixture(name), options), manifest[name]!);
  });

  test('a wrong password or key fails with ERR_IMPORT_DECRYPT and returns nothing', () => {
    expectMfaError(() => parsePskc(fixture('pbkdf2-aes128'), { password: 'wrong horse' }), 'ERR_IMPORT_DECRYPT');
    expectMfaError(() => parsePskc(fixture('pbkdf2-aes128'), {}), 'ERR_IMPORT_DECRYPT', 'password');
    expectMfaError(() => parsePskc(fixture('psk-kw-aes128'), { preSharedKey: PSK[32]! }), 'ERR_IMPORT_DECRYPT', 'needs 16');
    const other = Buffer.from('ffffffffffffffffffffffffffffffff', 'hex');
    expectMfaError(() => parsePskc(fixture('psk-kw-aes128'), { preSharedKey: other }), 'ERR_IMPORT_DECRYPT', 'key package 1');
    expectMfaError(() => parsePskc(fixture('psk-aes128-cbc'), { preSharedKey: other }), 'ERR_IMPORT_DECRYPT');
  });

  test('a tampered MAC in a python-pskc file fails the file even when other packages are fine', () => {
    const xml = fixture('psk-aes128-cbc');
    const macs = [...xml.matchAll(/<pskc:ValueMAC>([^<]+)<\/pskc:ValueMAC>/g)];
    expect(macs).toHaveLength(3);
    const third = macs[2]!;
    const flipped = third[1]!.startsWith('A') ? `B${third[1]!.slice(1)}` : `A${third[1]!.slice(1)}`;
    const tampered = xml.slice(0, third.index) + `<pskc:ValueMAC>${flipped}</pskc:ValueMAC>` + xml.slice(third.index! + third[0].length);
    expectMfaError(() => parsePskc(tampered, { preSharedKey: PSK[16]! }), 'ERR_IMPORT_MAC', 'key package 3');
  });

  test('a CBC value without a ValueMAC is refused unless allowMacMismatch', () => {
    const xml = fixture('psk-aes128-cbc').replace(/<pskc:ValueMAC>[^<]+<\/pskc:ValueMAC>/g, '');
    expectMfaError(() => parsePskc(xml, { preSharedKey: PSK[16]! }), 'ERR_IMPORT_MAC', 'no <ValueMAC>');
    expect(parsePskc(xml, { preSharedKey: PSK[16]!, allowMacMismatch: true })).toHaveLength(3);
  });

  test('csv2pskc output imports (round trip through the tool admins use)', () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(
      csv,
      'serial,secret,algorithm,response_length,time_interval,manufacturer\r\n' +
        `RT-1,${'3132333435363738393031323334353637383930'},urn:ietf:params:xml:ns:keyprov:pskc:totp,6,30,Acme\r\n` +
        `RT-2,${'00112233445566778899aabbccddeeff00112233'},urn:ietf:params:xml:ns:keyprov:pskc:totp,8,60,Acme\r\n`,
    );
    const plainOut = join(dir, 'rt-plain.pskc');
    const pbkdfOut = join(dir, 'rt-pbkdf2.pskc');
    execFileSync(DEBIAN_PYTHON, ['/usr/bin/csv2pskc', csv, '-o', plainOut]);
    execFileSync(DEBIAN_PYTHON, ['/usr/bin/csv2pskc', csv, '-p', 'pw123', '-o', pbkdfOut]);
    for (const [file, opts] of [[plainOut, {}], [pbkdfOut, { password: 'pw123' }]] as const) {
      const tokens = parsePskc(readFileSync(file, 'utf8'), opts);
      expect(tokens.map((t) => [t.serial, t.secret.toString('hex'), t.digits, t.period, t.manufacturer])).toEqual([
        ['RT-1', '3132333435363738393031323334353637383930', 6, 30, 'Acme'],
        ['RT-2', '00112233445566778899aabbccddeeff00112233', 8, 60, 'Acme'],
      ]);
    }
  });

  test('secrets shorter than 128 bits are refused unless allowShortSecrets', () => {
    const short = Buffer.from('0123456789').toString('base64');
    const err = expectMfaError(() => parsePskc(plainContainer(hotpKey(short))), 'ERR_IMPORT_FORMAT', 'the secret is 10 bytes');
    expect(err.data).toMatchObject({ keyPackage: 1, secretBytes: 10 });
    const [token] = parsePskc(plainContainer(hotpKey(short)), { allowShortSecrets: true });
    expect(token!.secret.toString()).toBe('0123456789');
  });

  test.each([
    ['<AlgorithmParameters><ResponseFormat Length="7" Encoding="DECIMAL"/></AlgorithmParameters>', 'Length must be 6 or 8, not "7"'],
    ['<AlgorithmParameters><ResponseFormat Length="6" Encoding="ALPHANUMERIC"/></AlgorithmParameters>', 'Encoding "ALPHANUMERIC"'],
    ['<AlgorithmParameters><Suite>MD5</Suite><ResponseFormat Length="6"/></AlgorithmParameters>', 'unsupported <Suite> "MD5"'],
  ])('refuses bad algorithm parameters: %s', (params, message) => {
    expectMfaError(() => parsePskc(plainContainer(hotpKey(SECRET20_B64, params))), 'ERR_IMPORT_FORMAT', message);
  });

  test('reads Suite spellings and defaults (SHA1, 6 digits, 30 s)', () => {
    const suite = '<AlgorithmParameters><Suite>HMAC-SHA-256</Suite></AlgorithmParameters>';
    expect(parsePskc(plainContainer(hotpKey(SECRET20_B64, suite)))[0]).toMatchObject({ algorithm: 'SHA256', digits: 6, counter: 0 });
    const totp = `<Key Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp"><Data><Secret><PlainValue>${SECRET20_B64}</PlainValue></Secret></Data></Key>`;
    expect(parsePskc(plainContainer(totp))[0]).toMatchObject({ type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, timeDrift: 0 });
  });

  test.each([
    ['<TimeInterval><PlainValue>45</PlainValue></TimeInterval>', 'TimeInterval> must be 30 or 60'],
    ['<TimeDrift><PlainValue>x</PlainValue></TimeDrift>', '<TimeDrift>: not an integer'],
  ])('refuses bad TOTP data: %s', (data, message) => {
    const key = `<Key Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp"><Data><Secret><PlainValue>${SECRET20_B64}</PlainValue></Secret>${data}</Data></Key>`;
    expectMfaError(() => parsePskc(plainContainer(key)), 'ERR_IMPORT_FORMAT', message);
  });

  test('refuses unknown key algorithms, wrong roots, versions, empty containers and duplicate serials', () => {
    const ocra = hotpKey(SECRET20_B64).replace('pskc:hotp', 'pskc#OCRA-1');
    expectMfaError(() => parsePskc(plainContainer(ocra)), 'ERR_IMPORT_FORMAT', 'unsupported Key Algorithm');
    expectMfaError(() => parsePskc('<KeyContainer Version="1.0"/>'), 'ERR_IMPORT_FORMAT', 'root element');
    expectMfaError(() => parsePskc(plainContainer(hotpKey(SECRET20_B64)).replace('Version="1.0"', 'Version="2.0"')), 'ERR_IMPORT_FORMAT', 'Version');
    expectMfaError(() => parsePskc('<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"/>'), 'ERR_IMPORT_FORMAT', 'no <KeyPackage>');
    const pkg = `<KeyPackage><DeviceInfo><SerialNo>DUP</SerialNo></DeviceInfo>${hotpKey(SECRET20_B64)}</KeyPackage>`;
    const twice = `<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">${pkg}${pkg}</KeyContainer>`;
    expectMfaError(() => parsePskc(twice), 'ERR_IMPORT_FORMAT', 'key package 1 and key package 2');
  });

  test('refuses an XXE container before reading anything', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE KeyContainer [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"><KeyPackage><Key><Issuer>&x;</Issuer></Key></KeyPackage></KeyContainer>`;
    expectMfaError(() => parsePskc(xxe), 'ERR_XML_FORBIDDEN');
  });

  test('refuses a billion-laughs bomb and a 50 MB file within a second', () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i += 1) lols.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${lols.join('')}]><KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"><KeyPackage><Key><Issuer>&lol9;</Issuer></Key></KeyPackage></KeyContainer>`;
    let start = performance.now();
    expectMfaError(() => parsePskc(bomb), 'ERR_XML_FORBIDDEN');
    expect(performance.now() - start).toBeLessThan(1000);
    const huge = plainContainer(hotpKey(SECRET20_B64), `<!--${'x'.repeat(50 * 1024 * 1024)}-->`);
    start = performance.now();
    expectMfaError(() => parsePskc(huge), 'ERR_IMPORT_TOO_LARGE');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  test('refuses a hostile PBKDF2 iteration count before deriving', () => {
    const xml = fixture('pbkdf2-aes128').replace('<IterationCount>2000</IterationCount>', '<IterationCount>2000000000</IterationCount>');
    const start = performance.now();
    expectMfaError(() => parsePskc(xml, { password: 'correct horse' }), 'ERR_IMPORT_FORMAT', 'exceeds the limit');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
