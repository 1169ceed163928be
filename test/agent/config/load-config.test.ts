// SPDX-License-Identifier: UNLICENSED
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../agent/config/load-config.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mfa-config-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function writeConfig(text: string, name = 'config.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const load = (opts: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) =>
  loadConfig({ env: {}, cwd: dir, hostname: 'mfa.test', ...opts });

describe('loadConfig', () => {
  test('no file and no environment gives the documented defaults, with derived paths filled', () => {
    const c = load();
    expect(c.dataDir).toBe('/var/lib/mfa-appliance');
    expect(c.server).toEqual({
      listen: '0.0.0.0:8443',
      publicUrl: 'https://mfa.test:8443',
      tls: { enabled: true, certFile: '/var/lib/mfa-appliance/tls/cert.pem', keyFile: '/var/lib/mfa-appliance/tls/key.pem' },
      trustedProxies: [],
      bodyLimitBytes: 65536,
    });
    expect(c.store).toEqual({
      driver: 'sqlite',
      sqlite: { path: '/var/lib/mfa-appliance/mfa-appliance.db', busyTimeoutMs: 5000 },
      postgres: { url: null },
    });
    expect(c.vault.masterKeyFile).toBe('/var/lib/mfa-appliance/master-key');
    expect(c.log.level).toBe('info');
    expect(c.directory).toEqual({ upnSuffixes: [], password: { minLength: 12, scrypt: { cost: 32768, blockSize: 8, parallelization: 1 } } });
    expect(c.demo).toBe(false);
  });

  test('reads values from the YAML file and keeps defaults for keys it leaves out', () => {
    const file = writeConfig([
      'dataDir: /srv/mfa',
      'server:',
      '  listen: "[::1]:9443"',
      '  publicUrl: https://mfa.contoso.com/',
      '  trustedProxies: [10.0.0.0/8, "fd00::/8", 192.168.1.5]',
      'directory:',
      '  upnSuffixes: [Contoso.COM]',
      '  password: { scrypt: { cost: 65536 } }',
      'log: { level: debug }',
    ].join('\n'));
    const c = load({ file });
    expect(c.dataDir).toBe('/srv/mfa');
    expect(c.server.listen).toBe('[::1]:9443');
    expect(c.server.publicUrl).toBe('https://mfa.contoso.com');
    expect(c.server.trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8', '192.168.1.5']);
    expect(c.server.tls.certFile).toBe('/srv/mfa/tls/cert.pem');
    expect(c.store.sqlite.path).toBe('/srv/mfa/mfa-appliance.db');
    expect(c.directory.upnSuffixes).toEqual(['contoso.com']);
    expect(c.directory.password).toEqual({ minLength: 12, scrypt: { cost: 65536, blockSize: 8, parallelization: 1 } });
    expect(c.log.level).toBe('debug');
  });

  test('takes the file from MFA_APPLIANCE_CONFIG when no file option is given, relative to cwd', () => {
    writeConfig('server: { bodyLimitBytes: 2048 }\n', 'from-env.yaml');
    expect(load({ env: { MFA_APPLIANCE_CONFIG: 'from-env.yaml' } }).server.bodyLimitBytes).toBe(2048);
  });

  test('an empty file is all defaults', () => {
    expect(load({ file: writeConfig('') }).server.listen).toBe('0.0.0.0:8443');
  });

  test('environment variables override the file: numbers, booleans, lists, nested keys, enums', () => {
    const file = writeConfig('server: { listen: "127.0.0.1:8443", tls: { enabled: true } }\nstore: { sqlite: { busyTimeoutMs: 100 } }\n');
    const c = load({
      file,
      env: {
        MFA_APPLIANCE_SERVER__LISTEN: '[::]:9000',
        MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false',
        MFA_APPLIANCE_SERVER__TRUSTED_PROXIES: '[10.1.0.0/16, "2001:db8::/32"]',
        MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS: '2500',
        MFA_APPLIANCE_DIRECTORY__PASSWORD__SCRYPT__COST: '16384',
        MFA_APPLIANCE_LOG__LEVEL: 'warn',
        MFA_APPLIANCE_DEMO: 'true',
        PATH: '/usr/bin',
      },
    });
    expect(c.server.listen).toBe('[::]:9000');
    expect(c.server.tls.enabled).toBe(false);
    expect(c.server.publicUrl).toBe('http://mfa.test:9000');
    expect(c.server.trustedProxies).toEqual(['10.1.0.0/16', '2001:db8::/32']);
    expect(c.store.sqlite.busyTimeoutMs).toBe(2500);
    expect(c.directory.password.scrypt.cost).toBe(16384);
    expect(c.log.level).toBe('warn');
    expect(c.demo).toBe(true);
  });

  test('an environment variable can reset a nullable key to null', () => {
    const file = writeConfig('server: { publicUrl: "https://a.example" }\n');
    expect(load({ file, env: { MFA_APPLIANCE_SERVER__PUBLIC_URL: 'null' } }).server.publicUrl).toBe('https://mfa.test:8443');
  });

  test('relative paths resolve against the config file directory, or cwd when set from the environment', () => {
    mkdirSync(join(dir, 'etc'));
    const file = writeConfig('dataDir: data\nserver: { tls: { certFile: certs/c.pem } }\nvault: { masterKeyFile: ../keys/mk }\n', 'etc/config.yaml');
    const cwd = join(dir, 'work');
    const c = load({ file, cwd, env: { MFA_APPLIANCE_SERVER__TLS__KEY_FILE: 'k.pem', MFA_APPLIANCE_STORE__SQLITE__PATH: 'db/x.db' } });
    expect(c.dataDir).toBe(join(dir, 'etc', 'data'));
    expect(c.server.tls.certFile).toBe(join(dir, 'etc', 'certs', 'c.pem'));
    expect(c.vault.masterKeyFile).toBe(join(dir, 'keys', 'mk'));
    expect(c.server.tls.keyFile).toBe(join(cwd, 'k.pem'));
    expect(c.store.sqlite.path).toBe(join(cwd, 'db', 'x.db'));
  });

  test('derived defaults follow a relative dataDir; :memory: is left alone', () => {
    const c = load({ env: { MFA_APPLIANCE_DATA_DIR: 'state', MFA_APPLIANCE_STORE__SQLITE__PATH: ':memory:' } });
    expect(c.dataDir).toBe(join(dir, 'state'));
    expect(c.server.tls.keyFile).toBe(join(dir, 'state', 'tls', 'key.pem'));
    expect(c.vault.masterKeyFile).toBe(join(dir, 'state', 'master-key'));
    expect(c.store.sqlite.path).toBe(':memory:');
  });

  test('the master key defaults to $CREDENTIALS_DIRECTORY/master-key when systemd passes credentials', () => {
    expect(load({ env: { CREDENTIALS_DIRECTORY: '/run/credentials/mfa-appliance.service' } }).vault.masterKeyFile)
      .toBe('/run/credentials/mfa-appliance.service/master-key');
    const file = writeConfig('vault: { masterKeyFile: /etc/mfa/key }\n');
    expect(load({ file, env: { CREDENTIALS_DIRECTORY: '/run/credentials/x' } }).vault.masterKeyFile).toBe('/etc/mfa/key');
  });

  test('publicUrl is derived from a specific listen host, bracketing IPv6', () => {
    expect(load({ env: { MFA_APPLIANCE_SERVER__LISTEN: '[fd00::5]:443' } }).server.publicUrl).toBe('https://[fd00::5]:443');
    expect(load({ env: { MFA_APPLIANCE_SERVER__LISTEN: 'mfa.corp.example:8443' } }).server.publicUrl).toBe('https://mfa.corp.example:8443');
  });

  test('the result is deep-frozen: mutating it throws', () => {
    const c = load();
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => { (c as { demo: boolean }).demo = true; }).toThrow(TypeError);
    expect(() => { (c.server.tls as { enabled: boolean }).enabled = false; }).toThrow(TypeError);
    expect(() => { (c.server.trustedProxies as string[]).push('0.0.0.0/0'); }).toThrow(TypeError);
    expect(c.server.tls.enabled).toBe(true);
  });
});
