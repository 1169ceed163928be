// SPDX-License-Identifier: UNLICENSED
import type { SigningKeyRecord, SigningKeyStore } from '../../store/store.js';
import type { SigningKeyDates, SigningKeysStatus } from './signing-keys.js';
import { toCertInfo } from './to-cert-info.js';

const DAY_MS = 86_400_000;

/** The current and next keys' dates at `now`, from the store alone (no vault): what `doctor` checks. */
export async function readSigningKeysStatus(store: SigningKeyStore, now: number): Promise<SigningKeysStatus> {
  const keys = await store.list();
  const dates = (r: SigningKeyRecord | undefined): SigningKeyDates | null => r === undefined ? null : {
    id: r.id, notBefore: r.notBefore, notAfter: r.notAfter, daysLeft: Math.floor((r.notAfter - now) / DAY_MS), thumbprintSha256: toCertInfo(r).thumbprintSha256,
  };
  return {
    current: dates(keys.find((k) => k.state === 'current')),
    next: dates(keys.find((k) => k.state === 'next')),
    retired: keys.filter((k) => k.state === 'retired').length,
  };
}
