// SPDX-License-Identifier: UNLICENSED
/**
 * vitest globalSetup: makes sure pcscd (with vpcd) runs for the whole test run, and stops it afterwards
 * if this run started it. Tests that need it use `withVirtualReader` from `test/helpers/pcscd.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { isPcscdRunning, PCSCD_SOCKET, VIRTUAL_READERS, waitForVpcd } from '../helpers/pcscd.js';

let started: ChildProcess | null = null;

export async function setup(): Promise<void> {
  if (await isPcscdRunning()) return;
  if (!fs.existsSync('/usr/sbin/pcscd')) throw new Error('pcscd is not installed: run ./scripts/test, which installs scripts/debian-packages.txt');
  started = spawn('/usr/sbin/pcscd', ['--foreground'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await isPcscdRunning())) {
    if (Date.now() > deadline) throw new Error(`pcscd did not open ${PCSCD_SOCKET} within 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const r of VIRTUAL_READERS) await waitForVpcd(r.port);
}

export async function teardown(): Promise<void> {
  if (!started) return;
  const child = started;
  started = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
}
