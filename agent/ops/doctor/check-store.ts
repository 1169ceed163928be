// SPDX-License-Identifier: UNLICENSED
import type { Store } from '../../store/store.js';
import type { DoctorCheck } from './doctor-check.js';

/** Integrity check and schema version of an opened store. */
export async function checkStore(store: Store, path: string): Promise<DoctorCheck[]> {
  const problems = await store.integrityCheck();
  const integrity: DoctorCheck = problems.length === 0
    ? { name: 'store integrity', status: 'ok', detail: `${path}: integrity_check ok` }
    : { name: 'store integrity', status: 'fail', detail: `${path}: ${problems.slice(0, 5).join('; ')}`, fix: 'restore the latest backup', data: { problems } };
  const { current, latest } = await store.schemaStatus();
  const schema: DoctorCheck = current === latest
    ? { name: 'store schema', status: 'ok', detail: `version ${current} (current)` }
    : { name: 'store schema', status: 'warn', detail: `version ${current}, this release uses ${latest}`, fix: '`mfa-appliance serve` migrates it at start' };
  return [integrity, schema];
}
