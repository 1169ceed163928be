// SPDX-License-Identifier: UNLICENSED
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { openNotifySocket, type NotifySocket } from '../helpers/notify-socket.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** The built CLI, as installed (`scripts/test` builds before testing). */
const BIN = resolve('dist/agent/cli/bin.js');
const tempDir = useTempDir();
let socket: NotifySocket | undefined;
afterEach(() => socket?.close());

function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: opts.input ?? '', env: { PATH: process.env.PATH, ...opts.env } });
}

function readyz(port: number, ca: Buffer): Promise<number> {
  return new Promise((res) => {
    const req = request(`https://localhost:${port}/readyz`, { ca }, (r) => { r.resume(); res(r.statusCode ?? 0); });
    req.on('error', () => res(0));
    req.end();
  });
}

describe('the mfa-appliance binary', () => {
  it('is built', () => {
    expect(existsSync(BIN), `${BIN} missing: run ./scripts/test (it builds first) or npx tsc`).toBe(true);
  });

  it('serves until SIGTERM: READY=1 to systemd once /readyz answers 200, then exit 0', async () => {
    const dir = join(tempDir(), 'a');
    const port = await freePort();
    expect(cli(['init', '--dir', dir, '--listen', `127.0.0.1:${port}`]).status).toBe(0);
    socket = await openNotifySocket(tempDir());
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH, MFA_APPLIANCE_CONFIG: join(dir, 'config.yaml'), NOTIFY_SOCKET: socket.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const ready = await socket.waitFor((m) => m.includes('READY=1'), 15_000);
    expect(ready).toContain(`MAINPID=${child.pid}`);
    expect(await readyz(port, readFileSync(join(dir, 'tls', 'cert.pem')))).toBe(200);
    const env = { MFA_APPLIANCE_CONFIG: join(dir, 'config.yaml') };
    const rotate = cli(['vault', 'rotate'], { env });
    expect(rotate.status).toBe(1);
    expect(rotate.stderr).toContain(`ERR_DAEMON_RUNNING`);
    expect(rotate.stderr).toContain(`pid ${child.pid}`);
    const second = cli(['serve'], { env });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already serving this data directory');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await socket.waitFor((m) => m.includes('STOPPING=1'), 5000);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg?: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['mfa-appliance ready', 'mfa-appliance stopped']));
  });

  it('exits 2 naming the key for a bad config, and 1 for a database from a newer release', () => {
    const dir = join(tempDir(), 'b');
    expect(cli(['init', '--dir', dir]).status).toBe(0);
    const cfg = join(dir, 'config.yaml');
    const env = { MFA_APPLIANCE_CONFIG: cfg };
    const badEnv = cli(['user', 'list'], { env: { ...env, MFA_APPLIANCE_SERVER__LISTEN: 'nowhere' } });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toContain('server.listen');
    expect(badEnv.stderr).toContain('nowhere');
    writeFileSync(cfg, `${readFileSync(cfg, 'utf8')}\nstore:\n  driver: postgres\n`);
    const missing = cli(['user', 'list'], { env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('store.postgres.url');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('\nstore:\n  driver: postgres\n', ''));
    const db = new Database(join(dir, 'data', 'mfa-appliance.db'));
    db.pragma('user_version = 99');
    db.close();
    const newer = cli(['user', 'list'], { env });
    expect(newer.status).toBe(1);
    expect(newer.stderr).toContain('ERR_SCHEMA_TOO_NEW');
    expect(newer.stderr).toContain('schema version 99');
    const doctor = cli(['doctor'], { env });
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toMatch(/\[FAIL\] store: .*schema version 99/);
  });
});
