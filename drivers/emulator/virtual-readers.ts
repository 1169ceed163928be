// SPDX-License-Identifier: UNLICENSED
/**
 * The real PC/SC stack for emulated cards (tests, benches, the demo): pcscd with the vsmartcard vpcd
 * driver, which offers two virtual readers ("Virtual PCD 00 00" on TCP 35963, "Virtual PCD 00 01" on
 * TCP 35964) that a card emulator joins with `attachToVpcd`.
 *
 * Several processes may use them at once (vitest's parallel files, a bench), so a reader is leased under
 * a cross-process lock (`withVirtualReader`): two processes never put cards into the same reader at once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

export interface VirtualReader {
  /** PC/SC reader name, as `ykman --reader` and nfc-pcsc see it. */
  name: string;
  /** vpcd TCP port for `attachToVpcd`. */
  port: number;
}

export const VIRTUAL_READERS: readonly VirtualReader[] = [
  { name: 'Virtual PCD 00 00', port: 35963 },
  { name: 'Virtual PCD 00 01', port: 35964 },
];

/** True when pcscd accepts connections on its socket. */
export function isPcscdRunning(socketPath = PCSCD_SOCKET): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Waits until vpcd listens on `port` (pcscd loads the driver shortly after start). */
export async function waitForVpcd(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      // vpcd accepts one card client at a time; probing would steal the slot, so only check the listener.
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`vpcd is not listening on ${port}: is pcscd running with vsmartcard-vpcd installed?`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lockDir(reader: VirtualReader): string {
  return path.join(os.tmpdir(), `mfa-appliance-vpcd-${reader.port}.lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryLock(reader: VirtualReader): boolean {
  const dir = lockDir(reader);
  try {
    fs.mkdirSync(dir);
  } catch {
    const owner = Number(fs.readFileSync(path.join(dir, 'pid'), { encoding: 'utf8', flag: 'r' }).trim() || '0');
    if (owner > 0 && isAlive(owner)) return false;
    fs.rmSync(dir, { recursive: true, force: true });
    return tryLock(reader);
  }
  fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
  return true;
}

/** Longer than pcscd's 400 ms vpcd poll: how long a released reader takes to show no card. */
const VPCD_POLL_SETTLE_MS = 500;

/**
 * Runs `fn` with exclusive use of one virtual reader (whichever is free; waits up to `timeoutMs`).
 * Pass `prefer` to ask for a specific reader, e.g. when a test needs both.
 */
export async function withVirtualReader<T>(fn: (reader: VirtualReader) => Promise<T>, timeoutMs = 60_000, prefer?: VirtualReader): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const candidates = prefer ? [prefer] : VIRTUAL_READERS;
  for (;;) {
    for (const reader of candidates) {
      let locked = false;
      try {
        locked = tryLock(reader);
      } catch {
        locked = false;
      }
      if (!locked) continue;
      try {
        await waitForVpcd(reader.port);
        return await fn(reader);
      } finally {
        // pcscd polls vpcd every 400 ms: hold the lease until it has seen the last card leave, so the next
        // holder starts with an empty reader rather than a card that is already gone.
        await new Promise((r) => setTimeout(r, VPCD_POLL_SETTLE_MS));
        fs.rmSync(lockDir(reader), { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error('no virtual reader became free in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts pcscd in the foreground when nothing answers on its socket, and waits until it and both vpcd
 * readers are up. Returns a stop function for the pcscd it started, or null when one was already running.
 */
export async function startPcscdIfNeeded(timeoutMs = 10_000): Promise<(() => Promise<void>) | null> {
  if (await isPcscdRunning()) return null;
  if (!fs.existsSync('/usr/sbin/pcscd')) throw new Error('pcscd is not installed (Debian packages pcscd and vsmartcard-vpcd)');
  const child = spawn('/usr/sbin/pcscd', ['--foreground'], { stdio: 'ignore' });
  const deadline = Date.now() + timeoutMs;
  while (!(await isPcscdRunning())) {
    if (Date.now() > deadline) throw new Error(`pcscd did not open ${PCSCD_SOCKET} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const r of VIRTUAL_READERS) await waitForVpcd(r.port, timeoutMs);
  return async () => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  };
}
