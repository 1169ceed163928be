// SPDX-License-Identifier: UNLICENSED
import type { DeletedUser, GraphUser } from '../graph/user-operations.js';

/**
 * What the plan knows of Entra. Object ids are lower case. Contract: a user in `users` is current as of
 * this plan; an id in `gone` no longer exists as an active user; an id in neither is unknown (not
 * needed: its link's applied hash matched and the delta round did not report it).
 */
export interface ActualState {
  /** True when the delta round was an initial one: `users` then lists every active user of the tenant. */
  complete: boolean;
  /** The `@odata.deltaLink` to store once the plan is applied. */
  deltaLink: string;
  users: Map<string, GraphUser>;
  /** Ids the delta round reported (changed in Entra since the last applied plan). */
  changed: Set<string>;
  gone: Set<string>;
  /** Immutable id → object id, over `users`. */
  byImmutableId: Map<string, string>;
  /** Lower-case UPN → object id, over `users`. */
  byUpn: Map<string, string>;
  /** Soft-deleted users (`/directory/deletedItems`), read only when an unmatched user needed them. */
  deleted: DeletedUser[];
  /** Managed Entra group id → member object ids. */
  groupMembers: Map<string, Set<string>>;
}
