// SPDX-License-Identifier: UNLICENSED
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/**
 * Install checks: the native addons compile from source on this machine (their prebuilt downloads
 * fail here) for the running Node ABI. Runtime use is tested where each is used.
 */
describe('native addons', () => {
  it('better-sqlite3 loads and runs SQL', () => {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('SELECT sqlite_version() AS v').get()).toMatchObject({ v: expect.stringMatching(/^3\.\d+\.\d+$/) });
    db.close();
  });

  it('the PC/SC binding (@pokusew/pcsclite, used by nfc-pcsc) was built for this Node', () => {
    const path = require.resolve('@pokusew/pcsclite/build/Release/pcsclite.node');
    const addon = require(path) as Record<string, unknown>;
    expect(typeof addon.PCSCLite).toBe('function');
  });
});
