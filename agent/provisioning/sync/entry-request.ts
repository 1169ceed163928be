// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../../ports/random.js';
import type { BatchRequest } from '../graph/graph-client.js';
import type { JournalEntry } from '../../store/store.js';
import { generatePassword } from './generate-password.js';

const seg = (s: string): string => encodeURIComponent(s);

/**
 * The Graph request that applies one journal entry (reference §4.1–§4.5). `target` is the user's Entra
 * id, or its UPN when the user is created earlier in the same batch (then `dependsOn` names that
 * create). A create gets a fresh random password with `forceChangePasswordNextSignIn: false`; it is in
 * the request body only and never kept. Returns null for kinds that need no single request
 * (`link_user`, `unlink_user`, `add_member`).
 */
export function entryRequest(e: JournalEntry, target: string | null, random: Random, dependsOn?: string): BatchRequest | null {
  const p = e.payload;
  const id = `e${e.seq}`;
  const user = `/users/${seg(target ?? '')}`;
  switch (e.kind) {
    case 'create_user':
      return { id, method: 'POST', path: '/users', body: { ...(p.user as object), passwordProfile: { password: generatePassword(random), forceChangePasswordNextSignIn: false } } };
    case 'update_user':
      return { id, method: 'PATCH', path: user, body: p.changes };
    case 'enable_user':
    case 'disable_user':
      return { id, method: 'PATCH', path: user, body: { accountEnabled: e.kind === 'enable_user' } };
    case 'assign_license': {
      const body = { addLicenses: (p.add as string[]).map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: p.remove };
      return { id, method: 'POST', path: `${user}/assignLicense`, body, ...(dependsOn === undefined ? {} : { dependsOn: [dependsOn] }) };
    }
    case 'delete_user':
      return { id, method: 'DELETE', path: user };
    case 'restore_deleted':
      return { id, method: 'POST', path: `/directory/deletedItems/${seg(String(p.deletedId))}/restore`, body: {} };
    case 'purge_deleted':
      return { id, method: 'DELETE', path: `/directory/deletedItems/${seg(String(p.deletedId))}` };
    case 'remove_member':
      return { id, method: 'DELETE', path: `/groups/${seg(String(p.groupId))}/members/${seg(target ?? '')}/$ref` };
    default:
      return null;
  }
}
