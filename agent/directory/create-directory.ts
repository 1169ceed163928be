// SPDX-License-Identifier: UNLICENSED
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store } from '../store/store.js';
import { createApiClientDirectory, type ApiClientDirectory } from './api-client-directory.js';
import { createGroupDirectory, type GroupDirectory } from './group-directory.js';
import { createPasswordHasher, type ScryptParams } from './password-hasher.js';
import { createStaffDirectory, type StaffDirectory } from './staff-directory.js';
import { createUserDirectory, type UserDirectory } from './user-directory.js';

export interface Directory {
  users: UserDirectory;
  groups: GroupDirectory;
  staff: StaffDirectory;
  apiClients: ApiClientDirectory;
}

export interface DirectoryOptions {
  upnSuffixes: readonly string[];
  password: { minLength: number; scrypt: ScryptParams };
}

/** Wires the four directory services over one store and audit log. */
export function createDirectory(deps: { store: Store; audit: AuditLog; clock: Clock; random: Random }, options: DirectoryOptions): Directory {
  const { store, audit, clock, random } = deps;
  const hasher = createPasswordHasher(options.password.scrypt, random);
  return {
    users: createUserDirectory({
      users: store.users, audit, clock, random, hasher,
      policy: { upnSuffixes: options.upnSuffixes, minPasswordLength: options.password.minLength },
    }),
    groups: createGroupDirectory({ groups: store.groups, users: store.users, audit, clock, random }),
    staff: createStaffDirectory({ staff: store.staff, users: store.users, audit, clock }),
    apiClients: createApiClientDirectory({ apiClients: store.apiClients, audit, clock, random }),
  };
}
