// SPDX-License-Identifier: UNLICENSED
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/run-cli-captured.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
const FAST_SCRYPT = { MFA_APPLIANCE_DIRECTORY__PASSWORD__SCRYPT__COST: '16384' };

async function initDir(demo = false): Promise<{ dir: string; cfg: string; cli: (argv: string[], stdin?: string) => ReturnType<typeof runCliCaptured> }> {
  const dir = join(tempDir(), 'appliance');
  const r = await runCliCaptured(['init', '--dir', dir, ...(demo ? ['--demo'] : []), '--public-url', 'https://mfa.contoso.com']);
  expect(r.code, r.stderr).toBe(0);
  const cfg = join(dir, 'config.yaml');
  return { dir, cfg, cli: (argv, stdin) => runCliCaptured(['--config', cfg, ...argv], { env: FAST_SCRYPT, ...(stdin === undefined ? {} : { stdin }) }) };
}

describe('mfa-appliance init', () => {
  it('writes config, 0600 master key, TLS pair and database, then refuses to overwrite', async () => {
    const { dir, cfg } = await initDir();
    expect(statSync(join(dir, 'master-key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'mfa-appliance.db')).isFile()).toBe(true);
    expect(readFileSync(cfg, 'utf8')).toContain('publicUrl: "https://mfa.contoso.com"');
    expect(readFileSync(join(dir, 'master-key'), 'utf8')).toMatch(/^mfa-master-key:v1:mk-[0-9a-f]{12}:/);
    const keys = await runCliCaptured(['--config', cfg, '--json', 'federation', 'keys', 'list']);
    expect(keys.json<Array<{ state: string; keyBits: number; hasPrivateKey: boolean }>>()).toEqual([expect.objectContaining({ state: 'current', keyBits: 2048, hasPrivateKey: true })]);
    const again = await runCliCaptured(['init', '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ERR_REFUSE_OVERWRITE');
    expect(again.stderr).toContain('config.yaml');
  });

  it('marks a demo key with the demo- prefix', async () => {
    const { dir } = await initDir(true);
    expect(readFileSync(join(dir, 'master-key'), 'utf8')).toMatch(/^mfa-master-key:v1:demo-[0-9a-f]{8}:/);
  });
});

describe('mfa-appliance user', () => {
  it('adds from --password-stdin, lists and shows as JSON, never printing secrets', async () => {
    const { cli } = await initDir();
    const add = await cli(['--json', 'user', 'add', '--upn', 'alice@contoso.com', '--display-name', 'Alice Example', '--password-stdin'], 'correct horse battery staple\n');
    expect(add.code, add.stderr).toBe(0);
    const created = add.json<{ upn: string; immutableId: string; hasPassword: boolean }>();
    expect(created).toMatchObject({ upn: 'alice@contoso.com', hasPassword: true });
    const list = await cli(['user', 'list', '--json']);
    expect(list.json<Array<{ upn: string; immutableId: string }>>().map((u) => [u.upn, u.immutableId])).toEqual([['alice@contoso.com', created.immutableId]]);
    const show = await cli(['user', 'show', 'ALICE@contoso.com']);
    expect(show.stdout).toMatch(/Immutable id:\s+\S{24}/);
    expect(show.stdout + list.stdout + add.stdout).not.toContain('correct horse');
    expect(show.stdout + list.stdout).not.toContain('scrypt');
  });

  it('rejects an invalid UPN with Entra\'s rule, exit 1, nothing created', async () => {
    const { cli } = await initDir();
    const r = await cli(['user', 'add', '--upn', 'jöran@contoso.com', '--display-name', 'J', '--no-password']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_INVALID_UPN');
    expect(r.stderr).toContain('"ö"');
    expect(r.stderr).toContain('at most 113 characters');
    expect((await cli(['user', 'list', '--json'])).json()).toEqual([]);
  });

  it('refuses to read a password from anywhere but stdin or a terminal', async () => {
    const { cli } = await initDir();
    const r = await cli(['user', 'add', '--upn', 'bob@contoso.com', '--display-name', 'Bob']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--password-stdin');
    const argv = await cli(['user', 'add', '--upn', 'bob@contoso.com', '--display-name', 'Bob', '--password', 'x']);
    expect(argv.code).toBe(2);
  });

  it('disables, enables and sets passwords, all audited', async () => {
    const { cli } = await initDir();
    await cli(['user', 'add', '--upn', 'carol@contoso.com', '--display-name', 'Carol', '--no-password']);
    expect((await cli(['--json', 'user', 'disable', 'carol@contoso.com'])).json()).toMatchObject({ enabled: false });
    expect((await cli(['--json', 'user', 'enable', 'carol@contoso.com'])).json()).toMatchObject({ enabled: true });
    expect((await cli(['user', 'set-password', 'carol@contoso.com', '--password-stdin'], 'a fresh long passphrase')).code).toBe(0);
    const events = (await cli(['--json', 'audit', 'list', '--limit', '10'])).json<Array<{ event: string; actor: string }>>();
    expect(events.map((e) => e.event).slice(0, 4)).toEqual(['user.password_set', 'user.enabled', 'user.disabled', 'user.created']);
    expect(events[0]?.actor).toBe('cli:tester');
  });
});

describe('mfa-appliance staff, group, api-client', () => {
  it('grants roles, manages groups and prints an API key once', async () => {
    const { cli, dir } = await initDir();
    await cli(['user', 'add', '--upn', 'hd@contoso.com', '--display-name', 'Helpdesk', '--no-password']);
    expect((await cli(['staff', 'grant', '--upn', 'hd@contoso.com', '--role', 'helpdesk'])).code).toBe(0);
    expect((await cli(['--json', 'staff', 'list'])).json<Array<{ upn: string; role: string }>>().map((s) => [s.upn, s.role])).toEqual([['hd@contoso.com', 'helpdesk']]);
    const bad = await cli(['staff', 'grant', '--upn', 'hd@contoso.com', '--role', 'root']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('helpdesk, admin');
    expect((await cli(['group', 'add', 'E3 users'])).code).toBe(0);
    expect((await cli(['group', 'add-member', 'E3 users', 'hd@contoso.com'])).code).toBe(0);
    expect((await cli(['--json', 'group', 'members', 'E3 users'])).json<Array<{ upn: string }>>().map((u) => u.upn)).toEqual(['hd@contoso.com']);
    const client = await cli(['--json', 'api-client', 'add', '--name', 'radius-gw', '--networks', '10.0.0.0/8']);
    const { key, keyHash } = client.json<{ key: string; keyHash?: string }>();
    expect(key).toMatch(/^mfa_[0-9a-f]{16}_/);
    expect(keyHash).toBeUndefined();
    const list = await cli(['--json', 'api-client', 'list']);
    expect(list.stdout).not.toContain(key);
    expect(readFileSync(join(dir, 'data', 'mfa-appliance.db')).includes(Buffer.from(key))).toBe(false);
  });
});

describe('configuration errors', () => {
  it('exit 2 naming the key path for a wrong type and an unknown key', async () => {
    const { cfg, cli } = await initDir();
    writeFileSync(cfg, `${readFileSync(cfg, 'utf8')}\nstore:\n  sqlite:\n    busyTimeoutMs: "soon"\n`);
    const wrongType = await cli(['user', 'list']);
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain('store.sqlite.busyTimeoutMs');
    expect(wrongType.stderr).toContain('soon');
    writeFileSync(cfg, 'server:\n  lisen: "0.0.0.0:8443"\n');
    const unknown = await cli(['--json', 'user', 'list']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'ERR_CONFIG' } });
    expect(unknown.stderr).toContain('server.lisen');
  });

  it('refuses a master key readable by others and a garbled one', async () => {
    const { dir, cli } = await initDir();
    chmodSync(join(dir, 'master-key'), 0o644);
    const loose = await cli(['user', 'list']);
    expect(loose.code).toBe(1);
    expect(loose.stderr).toContain('ERR_MASTER_KEY_PERMISSIONS');
    expect(loose.stderr).toContain('chmod 600');
    chmodSync(join(dir, 'master-key'), 0o600);
    const text = readFileSync(join(dir, 'master-key'), 'utf8');
    writeFileSync(join(dir, 'master-key'), text.slice(0, 40));
    const truncated = await cli(['user', 'list']);
    expect(truncated.stderr).toContain('ERR_MASTER_KEY_INVALID');
    expect(truncated.stderr).not.toContain(text.split(':')[3] ?? 'nothing');
  });
});

describe('mfa-appliance doctor: the PC/SC service', () => {
  it('warns, without failing, when pcscd does not answer, and says how to start it', async () => {
    const { cfg } = await initDir();
    const r = await runCliCaptured(['--config', cfg, '--json', 'doctor'], { env: { ...FAST_SCRYPT, PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' } });
    expect(r.code, r.stdout).toBe(0);
    const pcsc = r.json<{ checks: Array<{ name: string; status: string; detail: string; fix?: string }> }>().checks.find((c) => c.name === 'PC/SC service');
    expect(pcsc).toMatchObject({ status: 'warn', detail: expect.stringContaining('/nonexistent/pcscd.comm') as unknown, fix: expect.stringContaining('systemctl') as unknown });
  });
});

describe('mfa-appliance doctor and vault rotate', () => {
  it('passes on a fresh install, anchors the audit chain, and rotates the master key', async () => {
    const { cli, dir } = await initDir();
    const first = await cli(['--json', 'doctor']);
    expect(first.code, first.stdout).toBe(0);
    const report = first.json<{ ok: boolean; checks: Array<{ name: string; status: string }> }>();
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['config', 'ok'], ['master key', 'ok'], ['data directory', 'ok'], ['daemon', 'ok'], ['store integrity', 'ok'],
      ['store schema', 'ok'], ['vault', 'ok'], ['audit chain', 'ok'], ['Signing keys', 'ok'], ['TLS certificate', 'ok'], ['OTP engine', 'ok'], ['PC/SC service', 'ok'],
    ]);
    const before = readFileSync(join(dir, 'master-key'), 'utf8');
    const rot = await cli(['--json', 'vault', 'rotate']);
    expect(rot.code, rot.stderr).toBe(0);
    const after = readFileSync(join(dir, 'master-key'), 'utf8');
    expect(after).not.toBe(before);
    expect(after.split('\n').filter((l) => l.startsWith('mfa-master-key:'))).toHaveLength(1);
    const rotated = (await cli(['--json', 'audit', 'list', '--event', 'vault.rotated'])).json<Array<{ event: string; outcome: string }>>();
    expect(rotated.map((r) => [r.event, r.outcome])).toEqual([['vault.rotated', 'success']]);
    const second = await cli(['doctor']);
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toContain('doctor: no failures');
  });

  it('fails on a missing database and names the fix', async () => {
    const { cli, dir } = await initDir();
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'data', 'mfa-appliance.db'));
    const r = await cli(['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[FAIL\] store: database .* does not exist/);
  });
});

describe('mfa-appliance backup', () => {
  it('writes a verified 0600 copy holding the users, refuses to overwrite, and audits', async () => {
    const { cli, dir } = await initDir();
    await cli(['user', 'add', '--upn', 'erin@contoso.com', '--display-name', 'Erin', '--no-password']);
    const out = join(dir, 'backup.db');
    const r = await cli(['--json', 'backup', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ file: out, schemaVersion: 6 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const again = await cli(['backup', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ERR_REFUSE_OVERWRITE');
    const viaCopy = await runCliCaptured(['--json', 'user', 'list'], { env: { ...FAST_SCRYPT, MFA_APPLIANCE_CONFIG: join(dir, 'config.yaml'), MFA_APPLIANCE_STORE__SQLITE__PATH: out } });
    expect(viaCopy.json<Array<{ upn: string }>>().map((u) => u.upn)).toEqual(['erin@contoso.com']);
    const events = (await cli(['--json', 'audit', 'list', '--event', 'backup.created'])).json<Array<{ outcome: string }>>();
    expect(events.map((e) => e.outcome)).toEqual(['success']);
  });
});

describe('mfa-appliance init failure', () => {
  it('removes what it created when a later step fails, keeping what was there before', async () => {
    const parent = tempDir();
    const dir = join(parent, 'appliance');
    const { mkdirSync, existsSync, readdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'tls'), { recursive: true });
    writeFileSync(join(dir, 'tls', 'README'), 'operator notes');
    writeFileSync(join(dir, 'tls', 'key.pem'), '');
    const r = await runCliCaptured(['init', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_REFUSE_OVERWRITE');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'tls', 'key.pem'));
    // init validates the config it wrote; a public URL with a query fails that after keys and TLS files exist.
    const bad = await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com/?x=1']);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toContain('server.publicUrl');
    expect(readdirSync(dir).sort()).toEqual(['tls']);
    expect(readdirSync(join(dir, 'tls'))).toEqual(['README']);
    expect(existsSync(join(dir, 'master-key'))).toBe(false);
  });
});

describe('mfa-appliance restore', () => {
  async function sealOne(cfg: string): Promise<string> {
    const { loadConfig } = await import('../../../agent/config/index.js');
    const { createRuntime, openServices } = await import('../../../agent/main.js');
    const { createNullLogger } = await import('../../../agent/log/logger.js');
    const s = await openServices(createRuntime(loadConfig({ file: cfg, env: {} }), {}, { logger: createNullLogger() }));
    try {
      return await s.vault.seal('token-seed', Buffer.alloc(20, 7));
    } finally {
      await s.close();
    }
  }

  it('needs --yes, then replaces the database, keeps the old one and audits', async () => {
    const { cli, dir } = await initDir();
    await cli(['user', 'add', '--upn', 'kept@contoso.com', '--display-name', 'Kept', '--no-password']);
    const out = join(dir, 'b.db');
    expect((await cli(['backup', '--out', out])).code).toBe(0);
    await cli(['user', 'add', '--upn', 'later@contoso.com', '--display-name', 'Later', '--no-password']);
    const unconfirmed = await cli(['restore', '--from', out]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('ERR_CONFIRMATION_REQUIRED');
    const r = await cli(['--json', 'restore', '--from', out, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const result = r.json<{ previous: string; backupRecords: number }>();
    expect(result.previous).toMatch(/mfa-appliance\.db\.pre-restore-/);
    expect(statSync(result.previous).isFile()).toBe(true);
    expect((await cli(['--json', 'user', 'list'])).json<Array<{ upn: string }>>().map((u) => u.upn)).toEqual(['kept@contoso.com']);
    const audit = (await cli(['--json', 'audit', 'list', '--limit', '3'])).json<Array<{ event: string }>>();
    expect(audit[0]?.event).toBe('backup.restored');
    expect((await cli(['doctor'])).code).toBe(0);
  });

  it('refuses a backup with a broken audit chain or secrets under a retired master key, changing nothing', async () => {
    const { cli, dir, cfg } = await initDir();
    await sealOne(cfg);
    const out = join(dir, 'b.db');
    expect((await cli(['backup', '--out', out])).code).toBe(0);
    expect((await cli(['vault', 'rotate'])).code).toBe(0);
    const retired = await cli(['restore', '--from', out, '--yes']);
    expect(retired.code).toBe(1);
    expect(retired.stderr).toContain('ERR_VAULT_UNKNOWN_KEY');
    expect(retired.stderr).toContain('retired key line');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(out);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 1").run();
    db.close();
    const tampered = await cli(['restore', '--from', out, '--yes']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('broken audit chain at seq 1');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('pre-restore'))).toEqual([]);
  });
});

describe('mfa-appliance init --systemd', () => {
  it('keeps config and key in DIR, data and TLS in the data directory, and serves from the systemd credential', async () => {
    const base = tempDir();
    const etc = join(base, 'etc');
    const state = join(base, 'state');
    const r = await runCliCaptured(['--json', 'init', '--dir', etc, '--systemd', '--data-dir', state, '--public-url', 'https://mfa.contoso.com']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ signingKey: { thumbprintSha256: string } }>().signingKey.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    const { readdirSync, mkdirSync, copyFileSync } = await import('node:fs');
    expect(readdirSync(etc).sort()).toEqual(['config.yaml', 'master-key']);
    expect(readdirSync(state).sort()).toEqual(['mfa-appliance.db', 'tls']);
    const yaml = readFileSync(join(etc, 'config.yaml'), 'utf8');
    expect(yaml).toContain(`dataDir: "${state}"`);
    expect(yaml).toContain('masterKeyFile: "./master-key"');
    expect(yaml).not.toContain('certFile');
    // What the unit does: LoadCredential copies the key; Environment= points the daemon at the copy.
    const credentials = join(base, 'credentials');
    mkdirSync(credentials);
    copyFileSync(join(etc, 'master-key'), join(credentials, 'master-key'));
    chmodSync(join(credentials, 'master-key'), 0o440);
    chmodSync(join(etc, 'master-key'), 0o000);
    const env = { ...FAST_SCRYPT, CREDENTIALS_DIRECTORY: credentials, MFA_APPLIANCE_VAULT__MASTER_KEY_FILE: join(credentials, 'master-key') };
    const doctor = await runCliCaptured(['--config', join(etc, 'config.yaml'), '--json', 'doctor'], { env });
    expect(doctor.code, doctor.stdout).toBe(0);
    const checks = doctor.json<{ checks: Array<{ name: string; status: string; detail: string }> }>().checks;
    expect(checks.find((c) => c.name === 'master key')).toMatchObject({ status: 'ok', detail: expect.stringContaining(credentials) });
    expect(checks.find((c) => c.name === 'TLS certificate')?.detail).toContain(join(state, 'tls', 'cert.pem'));
  });
});
