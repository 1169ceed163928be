// SPDX-License-Identifier: UNLICENSED
import type { Store } from '../store/store.js';

export interface Readiness {
  ready: boolean;
  checks: { store: 'ok' | 'down'; schema: 'current' | 'behind' | 'ahead' | 'unknown' };
  schema?: { current: number; latest: number };
}

/** Ready when the store answers a query and its schema version equals this build's latest. */
export async function checkReadiness(store: Store): Promise<Readiness> {
  try {
    await store.ping();
    const schema = await store.schemaStatus();
    const state = schema.current === schema.latest ? 'current' : schema.current < schema.latest ? 'behind' : 'ahead';
    return { ready: state === 'current', checks: { store: 'ok', schema: state }, schema };
  } catch {
    return { ready: false, checks: { store: 'down', schema: 'unknown' } };
  }
}
