// SPDX-License-Identifier: UNLICENSED
/**
 * vitest globalSetup: makes sure pcscd (with vpcd) runs for the whole test run, and stops it afterwards
 * if this run started it. Tests that need it use `withVirtualReader` from `test/helpers/pcscd.ts`.
 */
import { startPcscdIfNeeded } from '../../drivers/emulator/virtual-readers.js';

let stop: (() => Promise<void>) | null = null;

export async function setup(): Promise<void> {
  stop = await startPcscdIfNeeded();
}

export async function teardown(): Promise<void> {
  await stop?.();
  stop = null;
}
