// SPDX-License-Identifier: UNLICENSED
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Separate processes: native addons (better-sqlite3, PC/SC) and process-wide state stay per file.
    pool: 'forks',
    // The machine has 2 cores; integration tests start daemons of their own.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // A failing test must be fixed, not retried into green.
    retry: 0,
    // pcscd with the vpcd virtual readers, for the tests that drive the real PC/SC stack.
    globalSetup: ['test/setup/pcscd-global.ts'],
  },
});
