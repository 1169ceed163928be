// SPDX-License-Identifier: UNLICENSED
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openSqliteStore } from '../../agent/store/sqlite/open-sqlite-store.js';
import { createAuditLog, type AuditLog } from '../../agent/audit/audit-log.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { createSystemRandom } from '../../agent/ports/random.js';
import { createDirectory, type Directory } from '../../agent/directory/create-directory.js';
import type { Store } from '../../agent/store/store.js';
import { fixedClock, type FixedClock } from './fixed-clock.js';
import { useTempDir } from './temp-dir.js';

export interface TestWorld {
  dir: string;
  store: Store;
  audit: AuditLog;
  clock: FixedClock;
  directory: Directory;
}

/** Fast scrypt parameters for tests; production defaults are in agent/config. */
export const TEST_SCRYPT = { cost: 1024, blockSize: 8, parallelization: 1 };

/** A real SQLite store in a temp dir, with audit log and directory, closed after each test. */
export function useTestWorld(): () => Promise<TestWorld> {
  const tempDir = useTempDir();
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  return async () => {
    const dir = tempDir();
    const clock = fixedClock();
    const logger = createNullLogger();
    const store = await openSqliteStore({ path: join(dir, 'db.sqlite'), clock, logger });
    open.push(store);
    const audit = createAuditLog({ store: store.audit, clock, logger });
    const directory = createDirectory(
      { store, audit, clock, random: createSystemRandom() },
      { upnSuffixes: [], password: { minLength: 12, scrypt: TEST_SCRYPT } },
    );
    return { dir, store, audit, clock, directory };
  };
}
