// SPDX-License-Identifier: UNLICENSED
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDaemonLock, assertDaemonStopped, runningDaemon } from '../../../agent/ops/daemon-lock.js';
import { MfaError } from '../../../agent/errors.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

async function otherProcess(): Promise<number> {
  const c = spawn('sleep', ['30']);
  children.push(c);
  await new Promise((r) => c.once('spawn', r));
  return c.pid ?? 0;
}

describe('daemon lock', () => {
  it('is taken, seen and released by this process', () => {
    const dir = join(tempDir(), 'data');
    const lock = acquireDaemonLock(dir);
    expect(readFileSync(lock.file, 'utf8')).toBe(`${process.pid} ${startTime(process.pid)}\n`);
    expect(runningDaemon(dir)).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    expect(runningDaemon(dir)).toBeNull();
  });

  it('refuses while another live process holds it, and names the pid', async () => {
    const dir = tempDir();
    const pid = await otherProcess();
    writeFileSync(join(dir, 'mfa-appliance.pid'), `${pid} ${startTime(pid)}\n`);
    expect(runningDaemon(dir)).toBe(pid);
    const err = (() => { try { acquireDaemonLock(dir); return null; } catch (e) { return e as MfaError; } })();
    expect(err?.code).toBe('ERR_DAEMON_RUNNING');
    expect(err?.data).toMatchObject({ pid });
    expect(() => assertDaemonStopped(dir, 'vault rotate')).toThrow(/vault rotate needs the daemon stopped, but it is running \(pid \d+\)/);
  });

  it('treats a dead pid, a reused pid and garbage as stale', async () => {
    const dir = tempDir();
    const pid = await otherProcess();
    writeFileSync(join(dir, 'mfa-appliance.pid'), `${pid} 1\n`);
    expect(runningDaemon(dir)).toBeNull();
    writeFileSync(join(dir, 'mfa-appliance.pid'), `999999999 ${startTime(pid)}\n`);
    expect(runningDaemon(dir)).toBeNull();
    writeFileSync(join(dir, 'mfa-appliance.pid'), 'not a pid');
    expect(runningDaemon(dir)).toBeNull();
    const lock = acquireDaemonLock(dir);
    expect(runningDaemon(dir)).toBe(process.pid);
    lock.release();
  });
});
