// SPDX-License-Identifier: UNLICENSED
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MfaError } from '../errors.js';

/**
 * `<dataDir>/mfa-appliance.pid` marks a running `serve`. Layout: one line `<pid> <starttime>`, where
 * starttime is field 22 of `/proc/<pid>/stat` (clock ticks since boot), so a stale file whose pid was
 * reused by another process is recognised as stale. Offline commands that must not run beside the
 * daemon (`vault rotate`, `restore`) check it.
 */
export interface DaemonLock {
  readonly file: string;
  release(): void;
}

const lockFile = (dataDir: string): string => join(dataDir, 'mfa-appliance.pid');

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** The pid of the live daemon that holds `dataDir`, or null (no file, or a stale one). */
export function runningDaemon(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const [pidText, started] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const now = startTime(pid);
  return now !== null && now === started ? pid : null;
}

/** Takes the lock for this process; `ERR_DAEMON_RUNNING` when a live daemon holds it. Replaces a stale file. */
export function acquireDaemonLock(dataDir: string): DaemonLock {
  const file = lockFile(dataDir);
  const holder = runningDaemon(dataDir);
  if (holder !== null && holder !== process.pid) {
    throw new MfaError('ERR_DAEMON_RUNNING', `mfa-appliance is already serving this data directory (pid ${holder}, ${file})`, { data: { pid: holder, file } });
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  rmSync(file, { force: true });
  const fd = openSync(file, 'wx', 0o644);
  try {
    writeSync(fd, `${process.pid} ${startTime(process.pid) ?? '0'}\n`);
  } finally {
    closeSync(fd);
  }
  return {
    file,
    release() {
      if (runningDaemon(dataDir) === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Refuses with `ERR_DAEMON_RUNNING` when a daemon serves `dataDir`; `what` names the refused command. */
export function assertDaemonStopped(dataDir: string, what: string): void {
  const pid = runningDaemon(dataDir);
  if (pid !== null) {
    throw new MfaError('ERR_DAEMON_RUNNING', `${what} needs the daemon stopped, but it is running (pid ${pid}); stop it first (systemctl stop mfa-appliance)`, {
      data: { pid },
    });
  }
}
