// SPDX-License-Identifier: UNLICENSED
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ConfigIssue } from '../../../agent/errors.js';
import { ConfigError } from '../../../agent/errors.js';
import { loadConfig } from '../../../agent/config/load-config.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mfa-config-err-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function writeConfig(text: string): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

function issuesOf(fn: () => unknown): readonly ConfigIssue[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError, but loadConfig returned');
}

const fromFile = (text: string) => issuesOf(() => loadConfig({ file: writeConfig(text), env: {}, cwd: dir }));
const fromEnv = (env: NodeJS.ProcessEnv) => issuesOf(() => loadConfig({ env, cwd: dir }));

describe('loadConfig rejects bad input with the exact key path and the bad value', () => {
  test.each([
    ['wrong type from the file', 'store: { sqlite: { busyTimeoutMs: x } }', 'store.sqlite.busyTimeoutMs', 'expected number, got string "x"'],
    ['non-integer', 'server: { bodyLimitBytes: 1.5 }', 'server.bodyLimitBytes', 'expected integer, got number 1.5'],
    ['below the minimum', 'directory: { password: { minLength: 4 } }', 'directory.password.minLength', 'expected a number ≥ 8, got 4'],
    ['unknown key', 'server: { lisen: "0.0.0.0:1" }', 'server.lisen', 'unknown key (did you mean "listen"?)'],
    ['unknown top-level key', 'radios: {}', 'radios', 'unknown key'],
    ['graph endpoint over http', 'graph: { authorityHost: "http://login.example" }', 'graph.authorityHost', '@azure/identity refuses http'],
    ['provisioning group without a name', 'graph: { sync: { groups: [{ licenses: [E3] }] } }', 'graph.sync.groups[0].group', 'expected string'],
    ['bad listen form', 'server: { listen: abc }', 'server.listen', 'got "abc"'],
    ['listen port out of range', 'server: { listen: "0.0.0.0:70000" }', 'server.listen', 'got "0.0.0.0:70000"'],
    ['bad CIDR prefix', 'server: { trustedProxies: [10.0.0.0/8, 10.0.0.0/33] }', 'server.trustedProxies[1]', 'got "10.0.0.0/33"'],
    ['bad IPv6 CIDR', 'server: { trustedProxies: ["fd00::zz/8"] }', 'server.trustedProxies[0]', 'got "fd00::zz/8"'],
    ['enum', 'store: { driver: mysql }', 'store.driver', 'expected one of "sqlite" | "postgres", got "mysql"'],
    ['scrypt cost not a power of two', 'directory: { password: { scrypt: { cost: 20000 } } }', 'directory.password.scrypt.cost', 'power of two ≥ 16384, got 20000'],
    ['bad UPN suffix', 'directory: { upnSuffixes: ["@contoso"] }', 'directory.upnSuffixes[0]', 'got "@contoso"'],
    ['section that is not a mapping', 'server: 5', 'server', 'expected object, got number 5'],
    ['publicUrl with a query', 'server: { publicUrl: "https://a.example/?x=1" }', 'server.publicUrl', 'got "https://a.example/?x=1"'],
  ])('%s', (_name, yaml, path, message) => {
    const issues = fromFile(yaml);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
  });

  test('a missing required key (postgres url when driver is postgres) is named', () => {
    const issues = fromFile('store: { driver: postgres }');
    expect(issues).toEqual([{ path: 'store.postgres.url', message: 'required when store.driver is "postgres" (not set)' }]);
    expect(fromFile('store: { driver: postgres, postgres: { url: null } }')[0]?.message).toBe('required when store.driver is "postgres", got null');
  });

  test('a secret key never echoes its value', () => {
    const issues = fromFile('store: { driver: postgres, postgres: { url: "mysql://u:hunter2@db/x" } }');
    expect(issues.map((i) => i.path)).toEqual(['store.postgres.url']);
    expect(issues[0]?.message).toContain('<redacted>');
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });

  test('every problem is reported at once, in one ConfigError', () => {
    const issues = fromFile('server: { listen: abc, bodyLimitBytes: "big" }\ndemo: 1\nextra: true');
    expect(issues.map((i) => i.path).sort()).toEqual(['demo', 'extra', 'server.bodyLimitBytes', 'server.listen']);
  });

  test('YAML syntax errors are reported under (file) with line and column', () => {
    const issues = fromFile('server:\n  listen: [1, 2\nstore: {}\n');
    expect(issues[0]?.path).toBe('(file)');
    expect(issues[0]?.message).toMatch(/config\.yaml:\d+:\d+: /);
  });

  test('duplicate keys are rejected', () => {
    const issues = fromFile('demo: false\ndemo: true\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('(file)');
    expect(issues[0]?.message).toMatch(/config\.yaml:2:1: .*unique/);
  });

  test('an alias bomb is stopped', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    const issues = fromFile(bomb);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '(file)', message: expect.stringMatching(/alias/i) as unknown });
  });

  test('a document that is not a mapping is rejected at (root)', () => {
    expect(fromFile('- a\n- b\n')).toEqual([{ path: '(root)', message: 'expected a mapping of config keys, got a list' }]);
  });

  test('an unreadable file is reported under (file) with the reason', () => {
    const issues = issuesOf(() => loadConfig({ file: join(dir, 'missing.yaml'), env: {}, cwd: dir }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('(file)');
    expect(issues[0]?.message).toContain('ENOENT');
    expect(issues[0]?.message).toContain('missing.yaml');
  });

  test('a bad value from an environment variable names the key, the value and the variable', () => {
    const issues = fromEnv({ MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS: 'x' });
    expect(issues).toEqual([{
      path: 'store.sqlite.busyTimeoutMs',
      message: 'expected number, got string "x" (from MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS)',
    }]);
  });

  test('an unparseable YAML value in an environment variable is named', () => {
    const issues = fromEnv({ MFA_APPLIANCE_SERVER__TRUSTED_PROXIES: '[10.0.0.1' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('server.trustedProxies');
    expect(issues[0]?.message).toContain('MFA_APPLIANCE_SERVER__TRUSTED_PROXIES');
    expect(issues[0]?.message).toContain('"[10.0.0.1"');
  });

  test('an MFA_APPLIANCE_ variable that maps to no key is an error naming the variable', () => {
    const issues = fromEnv({ MFA_APPLIANCE_SERVER__LISEN: '0.0.0.0:1', MFA_APPLIANCE_CONFIG: '', MFA_APPLIANCE_STORE: 'x' });
    expect(issues.map((i) => i.path)).toEqual(['MFA_APPLIANCE_SERVER__LISEN', 'MFA_APPLIANCE_STORE']);
    expect(issues[0]?.message).toContain('maps to no config key');
    expect(issues[1]?.message).toContain('names a section');
  });

  test('ConfigError message lists every issue with its path', () => {
    try {
      loadConfig({ file: writeConfig('server: { listen: abc }'), env: {}, cwd: dir });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('server.listen: expected "host:port"');
      expect((err as Error).message).toContain('got "abc"');
    }
  });
});
