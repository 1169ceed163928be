// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base32Decode } from '../../../agent/otp/base32.js';
import { runCliCaptured } from '../../helpers/run-cli-captured.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
const FAST = { MFA_APPLIANCE_DIRECTORY__PASSWORD__SCRYPT__COST: '16384' };

async function appliance() {
  const dir = join(tempDir(), 'appliance');
  expect((await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com'])).code).toBe(0);
  const cli = (argv: string[], stdin?: string) => runCliCaptured(['--config', join(dir, 'config.yaml'), ...argv], { env: FAST, ...(stdin === undefined ? {} : { stdin }) });
  expect((await cli(['user', 'add', '--upn', 'alice@contoso.com', '--display-name', 'Alice', '--no-password'])).code).toBe(0);
  return { dir, cli };
}

/** A PBKDF2-encrypted, MACed PSKC container written by Debian's python3-pskc (an independent writer). */
function writePskc(file: string, password: string): void {
  execFileSync('/usr/bin/python3', ['-c', `
import pskc, sys
p = pskc.PSKC()
p.add_key(secret=b'12345678901234567890', algorithm='urn:ietf:params:xml:ns:keyprov:pskc:totp', response_length=6, time_interval=30, serial='T2-0001', manufacturer='Token2', model='C302', key_userid='alice@contoso.com')
k = p.add_key(secret=bytes(range(32)), algorithm='urn:ietf:params:xml:ns:keyprov:pskc:totp', response_length=8, time_interval=60, serial='T2-0002', manufacturer='Token2', model='C302')
k.algorithm_suite = 'SHA256'
p.encryption.setup_pbkdf2(sys.argv[2], iterations=2000)
p.write(sys.argv[1])
`, file, password]);
}

const oathtool = (args: string[]) => execFileSync('oathtool', args, { encoding: 'utf8' }).trim();

describe('mfa-appliance token', () => {
  it('imports a python3-pskc container with its password, assigns by UserId, verifies a code oathtool computes', async () => {
    const { dir, cli } = await appliance();
    const file = join(dir, 'seeds.pskc');
    writePskc(file, 's3cret pass');
    const imp = await cli(['--json', 'token', 'import', file, '--password-stdin'], 's3cret pass\n');
    expect(imp.code, imp.stderr).toBe(0);
    const list = (await cli(['--json', 'token', 'list'])).json<Array<{ serial: string; state: string; upn: string | null; algorithm: string; digits: number; period: number }>>();
    expect(list.map((t) => [t.serial, t.state, t.upn, t.algorithm, t.digits, t.period])).toEqual([
      ['T2-0001', 'active', 'alice@contoso.com', 'SHA1', 6, 30],
      ['T2-0002', 'in_stock', null, 'SHA256', 8, 60],
    ]);
    const code = oathtool(['--totp', Buffer.from('12345678901234567890').toString('hex')]);
    const ok = await cli(['--json', 'token', 'verify', 'T2-0001', code]);
    expect(ok.json()).toEqual({ ok: true, reason: 'ok', serial: 'T2-0001' });
    const again = await cli(['--json', 'token', 'verify', 'T2-0001', code]);
    expect(again.code).toBe(1);
    expect(again.json()).toMatchObject({ ok: false, reason: 'replayed' });
    const show = await cli(['token', 'show', 'T2-0002']);
    expect(show.stdout).toContain('SHA256, 8 digits, 60 s');
    expect(show.stdout).not.toMatch(/000102030405/);
  });

  it('a wrong password or a tampered MAC imports nothing', async () => {
    const { dir, cli } = await appliance();
    const file = join(dir, 'seeds.pskc');
    writePskc(file, 'right');
    const wrong = await cli(['token', 'import', file, '--password-stdin'], 'wrong\n');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/ERR_IMPORT_(DECRYPT|MAC)|password|MAC/i);
    const xml = readFileSync(file, 'utf8');
    const tampered = xml.replace(/(<(?:\w+:)?ValueMAC>)(.)/, (_m, tag: string, c: string) => `${tag}${c === 'A' ? 'B' : 'A'}`);
    expect(tampered).not.toBe(xml);
    writeFileSync(file, tampered);
    const mac = await cli(['token', 'import', file, '--password-stdin'], 'right\n');
    expect(mac.code).not.toBe(0);
    expect(mac.stderr).toMatch(/MAC/);
    expect((await cli(['--json', 'token', 'list'])).json()).toEqual([]);
  });

  it('enrols an authenticator app: pending until the first code, then active; QR files are 0600', async () => {
    const { dir, cli } = await appliance();
    const png = join(dir, 'qr.png');
    const e = await cli(['--json', 'token', 'enrol', '--user', 'alice@contoso.com', '--qr-png', png]);
    expect(e.code, e.stderr).toBe(0);
    const { token, uri } = e.json<{ token: { serial: string; state: string }; uri: string }>();
    expect(token.state).toBe('pending');
    expect(uri).toMatch(/^otpauth:\/\/totp\/mfa-appliance:alice%40contoso\.com\?secret=[A-Z2-7]{32}&/);
    expect(statSync(png).mode & 0o777).toBe(0o600);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const secret = base32Decode(new URL(uri).searchParams.get('secret') ?? '');
    expect(secret?.length).toBe(20);
    expect((await cli(['--json', 'token', 'verify', token.serial, '000000'])).json()).toMatchObject({ ok: false, reason: 'no_token' });
    const act = await cli(['--json', 'token', 'activate', token.serial, oathtool(['--totp', secret?.toString('hex') ?? ''])]);
    expect(act.json()).toMatchObject({ ok: true });
    expect((await cli(['--json', 'token', 'show', token.serial])).json()).toMatchObject({ state: 'active', upn: 'alice@contoso.com' });
  });

  it('exports for Entra only with the explicit flag, to a new 0600 file, audited', async () => {
    const { dir, cli } = await appliance();
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'upn,serial number,secret key,time interval,manufacturer,model\r\nalice@contoso.com,1234567,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,30,Contoso,HardwareKey\r\n');
    expect((await cli(['token', 'import', csv])).code).toBe(0);
    const out = join(dir, 'out.csv');
    const refused = await cli(['token', 'export', '--format', 'entra-csv', '--out', out]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--i-understand-this-exports-seeds');
    const done = await cli(['token', 'export', '--format', 'entra-csv', '--out', out, '--i-understand-this-exports-seeds']);
    expect(done.code, done.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(csv, 'utf8'));
    const audit = (await cli(['--json', 'audit', 'list'])).json<Array<{ event: string; details: Record<string, unknown> }>>();
    expect(audit.find((r) => r.event === 'token.exported')?.details).toMatchObject({ format: 'entra-csv', count: 1, serials: ['1234567'] });
    expect(JSON.stringify(audit)).not.toContain('GEZDGNBV');
  });

  it('unlock clears a lockout and says what it cleared', async () => {
    const { dir, cli } = await appliance();
    writeFileSync(join(dir, 'in.csv'), 'upn,serial number,secret key,time interval,manufacturer,model\nalice@contoso.com,77,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,30,Contoso,K\n');
    expect((await cli(['token', 'import', join(dir, 'in.csv')])).code).toBe(0);
    for (let i = 0; i < 3; i++) await cli(['token', 'verify', '77', '000000']);
    const r = await cli(['user', 'unlock', 'alice@contoso.com']);
    expect(r.stdout).toContain('otp (3 failure(s))');
    expect((await cli(['--json', 'user', 'unlock', 'alice@contoso.com'])).json()).toMatchObject({ cleared: false });
  });
});
