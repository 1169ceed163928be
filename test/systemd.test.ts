// SPDX-License-Identifier: UNLICENSED
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

// Where a systemd tool is installed the files are checked by it; where it is not (systemd is not a
// dependency of the tests), the test says so in its name and checks the syntax itself instead.

const dir = path.resolve(import.meta.dirname, '..', 'systemd');
const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
const has = (tool: string): boolean => spawnSync(tool, ['--version']).error === undefined;
const isRoot = process.getuid?.() === 0;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-systemd-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Lines without comments and blanks. */
function meaningfulLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** A unit file as section → key → values (a key may repeat). Throws on a line that is neither. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of meaningfulLines(text)) {
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1] ?? '', current);
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!kv || current === undefined) throw new Error(`not a unit file line: ${line}`);
    const key = kv[1] ?? '';
    current.set(key, [...(current.get(key) ?? []), kv[2] ?? '']);
  }
  return sections;
}

describe('mfa-appliance.service', () => {
  const text = read('mfa-appliance.service');
  const unit = parseUnit(text);
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const value = (key: string): string[] | undefined => service.get(key);

  test('has the sections a service unit needs', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  test('runs the daemon as Type=notify with a watchdog, as its own user', () => {
    expect(value('Type')).toEqual(['notify']);
    expect(value('NotifyAccess')).toEqual(['all']);
    expect(value('WatchdogSec')).toEqual(['30']);
    expect(value('ExecStart')).toEqual(['/usr/bin/mfa-appliance serve --config /etc/mfa-appliance/config.yaml']);
    expect(value('User')).toEqual(['mfa-appliance']);
    expect(value('StateDirectory')).toEqual(['mfa-appliance']);
    expect(value('LoadCredential')).toEqual(['master-key:/etc/mfa-appliance/master-key']);
    expect(value('Environment')).toEqual(['MFA_APPLIANCE_VAULT__MASTER_KEY_FILE=%d/master-key']);
  });

  test('is sandboxed, with no capabilities and only the token device classes', () => {
    expect(value('CapabilityBoundingSet')).toEqual(['']);
    expect(value('AmbientCapabilities')).toEqual(['']);
    expect(value('NoNewPrivileges')).toEqual(['yes']);
    expect(value('ProtectSystem')).toEqual(['strict']);
    expect(value('ProtectHome')).toEqual(['yes']);
    expect(value('PrivateTmp')).toEqual(['yes']);
    expect(value('PrivateDevices')).toEqual(['no']);
    expect(value('DevicePolicy')).toEqual(['closed']);
    expect(value('DeviceAllow')).toEqual(
      expect.arrayContaining(['char-hidraw rw', 'char-usb_device rw', 'char-ttyUSB rw']),
    );
    expect(value('RestrictAddressFamilies')).toEqual(['AF_UNIX AF_INET AF_INET6']);
    expect(value('SystemCallFilter')).toContain('@system-service');
    // V8 needs writable-then-executable memory for its JIT.
    expect(value('MemoryDenyWriteExecute')).toEqual(['no']);
  });

  if (has('systemd-analyze')) {
    // verify also checks that ExecStart's binary exists; point it at a stub in a copy of the unit.
    const stub = path.join(tmp, 'mfa-appliance');
    fs.writeFileSync(stub, '#!/bin/sh\n', { mode: 0o755 });
    const copy = path.join(tmp, 'mfa-appliance.service');
    fs.writeFileSync(copy, text.replace('ExecStart=/usr/bin/mfa-appliance ', `ExecStart=${stub} `));

    test('passes systemd-analyze verify without a warning', () => {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', copy], { encoding: 'utf8' });
      expect({ status: r.status, output: (r.stdout + r.stderr).trim() }).toEqual({ status: 0, output: '' });
    });

    test('keeps systemd-analyze security exposure at 2.5 or below', () => {
      const r = spawnSync('systemd-analyze', ['security', '--offline=true', '--threshold=25', copy], {
        encoding: 'utf8',
      });
      const overall = /Overall exposure level[^:]*: ([\d.]+)/.exec(r.stdout)?.[1];
      expect({ status: r.status, overall: Number(overall) <= 2.5 }).toEqual({ status: 0, overall: true });
    });
  } else {
    test('systemd-analyze is not installed: every line parses as a section or Key=Value', () => {
      expect(() => parseUnit(text)).not.toThrow();
      for (const key of service.keys()) expect(key).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    });
  }
});

describe('mfa-appliance.sysusers.conf', () => {
  const text = read('mfa-appliance.sysusers.conf');

  test('declares the user and its plugdev and dialout memberships', () => {
    const lines = meaningfulLines(text).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(lines).toEqual(['u mfa-appliance -', 'm mfa-appliance plugdev', 'm mfa-appliance dialout']);
  });

  if (has('systemd-sysusers')) {
    test('systemd-sysusers creates the user and memberships in an empty root', () => {
      const root = path.join(tmp, 'sysusers-root');
      fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
      const r = spawnSync('systemd-sysusers', [`--root=${root}`, path.join(dir, 'mfa-appliance.sysusers.conf')], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const passwd = fs.readFileSync(path.join(root, 'etc/passwd'), 'utf8');
      const group = fs.readFileSync(path.join(root, 'etc/group'), 'utf8');
      expect(passwd).toMatch(/^mfa-appliance:x:\d+:\d+:[^:]*:\/var\/lib\/mfa-appliance:\/usr\/sbin\/nologin$/m);
      expect(group).toMatch(/^plugdev:x:\d+:mfa-appliance$/m);
      expect(group).toMatch(/^dialout:x:\d+:mfa-appliance$/m);
    });
  } else {
    test('systemd-sysusers is not installed: every line has a type, a name and a field', () => {
      for (const line of meaningfulLines(text)) expect(line).toMatch(/^[ugmr]\s+\S+\s+\S+/);
    });
  }
});

describe('mfa-appliance.tmpfiles.conf', () => {
  const text = read('mfa-appliance.tmpfiles.conf');
  const entries = meaningfulLines(text).map((l) => l.split(/\s+/));

  test('keeps the master key root-only and the configuration readable by the daemon group', () => {
    expect(entries).toContainEqual(['z', '/etc/mfa-appliance/master-key', '0600', 'root', 'root', '-', '-']);
    expect(entries).toContainEqual(['d', '/etc/mfa-appliance', '0750', 'root', 'mfa-appliance', '-', '-']);
    expect(entries).toContainEqual(['d', '/var/lib/mfa-appliance', '0700', 'mfa-appliance', 'mfa-appliance', '-', '-']);
  });

  if (has('systemd-tmpfiles') && has('systemd-sysusers') && isRoot) {
    test('systemd-tmpfiles creates the directories with their modes', () => {
      const root = path.join(tmp, 'tmpfiles-root');
      fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
      const sysusers = spawnSync('systemd-sysusers', [`--root=${root}`, path.join(dir, 'mfa-appliance.sysusers.conf')]);
      expect(sysusers.status).toBe(0);
      const r = spawnSync('systemd-tmpfiles', [`--root=${root}`, '--create', path.join(dir, 'mfa-appliance.tmpfiles.conf')], {
        encoding: 'utf8',
      });
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
      const mode = (p: string): string => (fs.statSync(path.join(root, p)).mode & 0o7777).toString(8);
      expect(mode('etc/mfa-appliance')).toBe('750');
      expect(mode('var/lib/mfa-appliance')).toBe('700');
    });
  } else {
    test('systemd-tmpfiles or root is not available: every line has type, path, mode, user, group, age, argument', () => {
      for (const entry of entries) {
        expect(entry).toHaveLength(7);
        expect(entry[0]).toMatch(/^[dz]$/);
        expect(entry[2]).toMatch(/^0[0-7]{3}$/);
      }
    });
  }
});

describe('70-mfa-appliance-tokens.rules', () => {
  const rules = meaningfulLines(read('70-mfa-appliance-tokens.rules'));
  const tokens = (rule: string): string[] => rule.split(/,\s*/);

  test('every rule is a list of KEY op "value" pairs', () => {
    for (const rule of rules) {
      for (const token of tokens(rule)) {
        expect(token).toMatch(/^[A-Z]+(\{[A-Za-z_]+\})?(==|!=|=|\+=|-=|:=)"[^"]*"$/);
      }
    }
  });

  test('gives the mfa-appliance group Yubico and Token2 hidraw, Token2 and ACR122U usb devices', () => {
    const granted = rules
      .filter((r) => r.includes('GROUP="mfa-appliance"') && r.includes('MODE="0660"'))
      .map((r) => {
        const subsystem = /SUBSYSTEM=="([^"]+)"/.exec(r)?.[1];
        const vendor = /ATTRS?\{idVendor\}=="([0-9a-f]{4})"/.exec(r)?.[1];
        const product = /ATTRS?\{idProduct\}=="([0-9a-f]{4})"/.exec(r)?.[1];
        return `${subsystem} ${vendor}${product === undefined ? '' : `:${product}`}`;
      });
    expect(granted).toEqual(['hidraw 1050', 'hidraw 349e', 'usb 349e', 'usb 072f:2200']);
  });

  test('jumps only to a label that exists', () => {
    const gotos = rules.flatMap((r) => [...r.matchAll(/GOTO="([^"]+)"/g)].map((m) => m[1]));
    const labels = rules.flatMap((r) => [...r.matchAll(/LABEL="([^"]+)"/g)].map((m) => m[1]));
    expect(gotos.length).toBeGreaterThan(0);
    for (const target of gotos) expect(labels).toContain(target);
  });
});
