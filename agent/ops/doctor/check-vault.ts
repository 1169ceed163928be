// SPDX-License-Identifier: UNLICENSED
import { openEnvelope } from '../../vault/envelope.js';
import type { Keyring } from '../../vault/keyring.js';
import type { SecretStore } from '../../store/store.js';
import { describeError, type DoctorCheck } from './doctor-check.js';

/**
 * Every sealed secret is wrapped by a loaded master key and decrypts (authenticates); plaintext is
 * discarded at once and never printed. Reads at most `limit` secrets.
 */
export async function checkVault(secrets: SecretStore, keyring: Keyring, limit = 100_000): Promise<DoctorCheck> {
  const counts = await secrets.countByKid();
  const unknown = Object.keys(counts).filter((kid) => keyring.get(kid) === undefined);
  if (unknown.length > 0) {
    return { name: 'vault', status: 'fail', detail: `secrets are wrapped by master keys not in the key file: ${unknown.join(', ')}`, fix: 'restore the matching master key file' };
  }
  const ids = await secrets.listIdsNotWrappedBy('\u0000none', limit);
  const bad: string[] = [];
  for (const id of ids) {
    const rec = await secrets.get(id);
    if (!rec) continue;
    try {
      openEnvelope(keyring, rec).fill(0);
    } catch (err) {
      bad.push(`${id} (${describeError(err)})`);
    }
  }
  if (bad.length > 0) return { name: 'vault', status: 'fail', detail: `${bad.length} of ${ids.length} secrets do not decrypt: ${bad.slice(0, 5).join('; ')}`, data: { bad } };
  return { name: 'vault', status: 'ok', detail: `${ids.length} sealed secret(s) decrypt with the master key` };
}
