// SPDX-License-Identifier: UNLICENSED
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/run-in-pty.js';
import { useTempDir } from '../helpers/temp-dir.js';

const BIN = resolve('dist/agent/cli/bin.js');
const tempDir = useTempDir();

describe('password prompt on a terminal', () => {
  it('asks twice with echo off, never shows the password, and sets it', () => {
    const dir = join(tempDir(), 'a');
    expect(spawnSync(process.execPath, [BIN, 'init', '--dir', dir]).status).toBe(0);
    const env = { MFA_APPLIANCE_CONFIG: join(dir, 'config.yaml') };
    const secret = 'Typed-In-Secret-8841';
    const add = runInPty([process.execPath, BIN, 'user', 'add', '--upn', 'tty@contoso.com', '--display-name', 'TTY'], [
      { after: 'Password: ', type: `${secret}\r` },
      { after: 'Repeat password: ', type: `${secret}\r` },
    ], env);
    expect(add.code, add.screen).toBe(0);
    expect(add.screen).toContain('created tty@contoso.com');
    expect(add.screen).not.toContain(secret);
    const show = spawnSync(process.execPath, [BIN, '--json', 'user', 'show', 'tty@contoso.com'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    expect(JSON.parse(show.stdout)).toMatchObject({ upn: 'tty@contoso.com', hasPassword: true });
    const mismatch = runInPty([process.execPath, BIN, 'user', 'set-password', 'tty@contoso.com'], [
      { after: 'New password: ', type: 'First-Entry-Long-1\r' },
      { after: 'Repeat new password: ', type: 'Other-Entry-Long-2\r' },
    ], env);
    expect(mismatch.code).toBe(1);
    expect(mismatch.screen).toContain('the two entries differ');
    expect(mismatch.screen).not.toContain('First-Entry');
  });
});
