// SPDX-License-Identifier: UNLICENSED
import { join } from 'node:path';
import { openSqliteStore } from '../../../../agent/store/sqlite/open-sqlite-store.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { fixedClock } from '../../../helpers/fixed-clock.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { storeContract } from '../store-contract.js';

const tempDir = useTempDir();
storeContract('sqlite', () => openSqliteStore({ path: join(tempDir(), 'db.sqlite'), clock: fixedClock(), logger: createNullLogger() }));
