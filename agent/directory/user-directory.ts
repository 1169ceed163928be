// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { UserQuery, UserRecord, UserStore } from '../store/store.js';
import { checkPasswordPolicy } from './check-password-policy.js';
import { generateImmutableId } from './generate-immutable-id.js';
import type { PasswordHasher } from './password-hasher.js';
import { assertValidUpn } from './validate-upn.js';

/** A user as services and the CLI see it: never the password hash. */
export type UserView = Omit<UserRecord, 'passwordHash'> & { hasPassword: boolean };

export type PasswordCheck =
  | { ok: true; user: UserView }
  | { ok: false; reason: 'unknown_user' | 'disabled' | 'no_password' | 'wrong_password'; user: UserView | null };

export interface UserDirectory {
  /** Creates a user with a fresh immutable id. `ERR_INVALID_UPN`, `ERR_WEAK_PASSWORD`, `ERR_ALREADY_EXISTS`. */
  add(input: { upn: string; displayName: string; password?: string; enabled?: boolean }, actor: Actor): Promise<UserView>;
  /** By UPN (case-insensitive) or id; null when unknown. */
  find(upnOrId: string): Promise<UserView | null>;
  /** Like `find` but throws `ERR_NOT_FOUND`. */
  get(upnOrId: string): Promise<UserView>;
  list(query?: UserQuery): Promise<UserView[]>;
  setEnabled(upnOrId: string, enabled: boolean, actor: Actor): Promise<UserView>;
  setPassword(upnOrId: string, password: string, actor: Actor): Promise<void>;
  /** Changes UPN and/or display name; the immutable id never changes. */
  update(upnOrId: string, patch: { upn?: string; displayName?: string }, actor: Actor): Promise<UserView>;
  /**
   * Checks a password. Timing does not reveal whether the user exists: unknown users cost one full
   * hash too. Rehashes transparently when the stored hash used weaker parameters. Does not audit or
   * count failures: the sign-in flow that calls it does both.
   */
  verifyPassword(upn: string, password: string): Promise<PasswordCheck>;
}

export interface UserDirectoryDeps {
  users: UserStore;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  hasher: PasswordHasher;
  policy: { upnSuffixes: readonly string[]; minPasswordLength: number };
}

export function toUserView(u: UserRecord): UserView {
  const { passwordHash, ...rest } = u;
  return { ...rest, hasPassword: passwordHash !== null };
}

export function createUserDirectory(deps: UserDirectoryDeps): UserDirectory {
  const { users, audit, clock, random, hasher, policy } = deps;

  async function load(upnOrId: string): Promise<UserRecord> {
    const u = upnOrId.includes('@') ? await users.getByUpn(upnOrId) : await users.getById(upnOrId);
    if (!u) throw new MfaError('ERR_NOT_FOUND', `no user ${JSON.stringify(upnOrId)}`, { data: { user: upnOrId } });
    return u;
  }

  const dir: UserDirectory = {
    async add(input, actor) {
      const upn = input.upn.trim();
      const displayName = input.displayName.trim();
      assertValidUpn(upn, policy.upnSuffixes);
      if (!displayName || displayName.length > 256) {
        throw new MfaError('ERR_INVALID_INPUT', 'display name must be 1 to 256 characters', { data: { field: 'displayName' } });
      }
      if (input.password !== undefined) checkPasswordPolicy(input.password, upn, policy.minPasswordLength);
      const now = clock.now();
      const record: UserRecord = {
        id: random.uuid(),
        upn,
        displayName,
        immutableId: generateImmutableId(random),
        enabled: input.enabled ?? true,
        passwordHash: input.password === undefined ? null : await hasher.hash(input.password),
        createdAt: now,
        updatedAt: now,
      };
      await users.create(record);
      await audit.record({
        event: 'user.created', actor: actor.id, source: actor.source, subject: upn, outcome: 'success',
        details: { userId: record.id, immutableId: record.immutableId, enabled: record.enabled, hasPassword: record.passwordHash !== null },
      });
      return toUserView(record);
    },
    async find(upnOrId) {
      const u = upnOrId.includes('@') ? await users.getByUpn(upnOrId) : await users.getById(upnOrId);
      return u ? toUserView(u) : null;
    },
    async get(upnOrId) {
      return toUserView(await load(upnOrId));
    },
    async list(query) {
      return (await users.list(query)).map(toUserView);
    },
    async setEnabled(upnOrId, enabled, actor) {
      const u = await load(upnOrId);
      if (u.enabled !== enabled) {
        await users.update(u.id, { enabled, updatedAt: clock.now() });
        await audit.record({
          event: enabled ? 'user.enabled' : 'user.disabled', actor: actor.id, source: actor.source,
          subject: u.upn, outcome: 'success', details: { userId: u.id },
        });
      }
      return dir.get(u.id);
    },
    async setPassword(upnOrId, password, actor) {
      const u = await load(upnOrId);
      checkPasswordPolicy(password, u.upn, policy.minPasswordLength);
      await users.update(u.id, { passwordHash: await hasher.hash(password), updatedAt: clock.now() });
      await audit.record({
        event: 'user.password_set', actor: actor.id, source: actor.source, subject: u.upn, outcome: 'success',
        details: { userId: u.id },
      });
    },
    async update(upnOrId, patch, actor) {
      const u = await load(upnOrId);
      const changes: { upn?: string; displayName?: string } = {};
      if (patch.upn !== undefined && patch.upn.trim() !== u.upn) {
        assertValidUpn(patch.upn.trim(), policy.upnSuffixes);
        changes.upn = patch.upn.trim();
      }
      if (patch.displayName !== undefined && patch.displayName.trim() !== u.displayName) {
        const dn = patch.displayName.trim();
        if (!dn || dn.length > 256) {
          throw new MfaError('ERR_INVALID_INPUT', 'display name must be 1 to 256 characters', { data: { field: 'displayName' } });
        }
        changes.displayName = dn;
      }
      if (Object.keys(changes).length > 0) {
        await users.update(u.id, { ...changes, updatedAt: clock.now() });
        await audit.record({
          event: 'user.updated', actor: actor.id, source: actor.source, subject: changes.upn ?? u.upn, outcome: 'success',
          details: { userId: u.id, changed: Object.keys(changes), ...(changes.upn ? { previousUpn: u.upn } : {}) },
        });
      }
      return dir.get(u.id);
    },
    async verifyPassword(upn, password) {
      const u = await users.getByUpn(upn);
      const ok = await hasher.verify(password, u?.passwordHash ?? null);
      if (!u) return { ok: false, reason: 'unknown_user', user: null };
      const view = toUserView(u);
      if (u.passwordHash === null) return { ok: false, reason: 'no_password', user: view };
      if (!ok) return { ok: false, reason: 'wrong_password', user: view };
      if (!u.enabled) return { ok: false, reason: 'disabled', user: view };
      if (hasher.needsRehash(u.passwordHash)) {
        await users.update(u.id, { passwordHash: await hasher.hash(password), updatedAt: u.updatedAt });
      }
      return { ok: true, user: view };
    },
  };
  return dir;
}
