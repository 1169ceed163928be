// SPDX-License-Identifier: UNLICENSED
/**
 * vitest globalSetup: makes sure pcscd (with vpcd) runs for the whole test run, and stops it afterwards
 * if this run started it and no other test run on the machine is still using it. Each run registers its
 * pid in a shared directory; a run that started pcscd but finishes while another live run is registered
 * leaves pcscd running for it (the next run then finds it up). Tests that need it use
 * `withVirtualReader` from `test/helpers/pcscd.ts`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPcscdIfNeeded } from '../../drivers/emulator/virtual-readers.js';

const USERS = join(tmpdir(), 'mfa-appliance-pcscd-users');
let stop: (() => Promise<void>) | null = null;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function setup(): Promise<void> {
  mkdirSync(USERS, { recursive: true });
  writeFileSync(join(USERS, String(process.pid)), '');
  stop = await startPcscdIfNeeded();
}

export async function teardown(): Promise<void> {
  rmSync(join(USERS, String(process.pid)), { force: true });
  const others = readdirSync(USERS).map(Number).filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  for (const pid of others) if (!isAlive(pid)) rmSync(join(USERS, String(pid)), { force: true });
  if (others.some(isAlive)) return;
  await stop?.();
  stop = null;
}
