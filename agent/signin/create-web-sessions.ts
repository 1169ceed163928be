// SPDX-License-Identifier: UNLICENSED
import { createHash } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { WebSessionKind, WebSessionRecord, WebSessionStore } from '../store/store.js';

export interface CreateSessionInput {
  kind: WebSessionKind;
  userId: string;
  /** When the password was verified. */
  authAt: number;
  /** When the code was verified; null when policy skipped it. */
  mfaAt: number | null;
  data?: Record<string, unknown>;
  /** Absolute lifetime from now. */
  ttlMs: number;
  /** The cookie token of the session this one replaces (rotation at sign-in); it is ended. */
  replaces?: string | null;
}

/**
 * Store-backed browser sessions. The cookie carries a 256-bit random token; the store keeps only its
 * SHA-256, so a database read yields no usable cookie. A new session is created at every sign-in (never
 * an old id upgraded), which is the rotation that defeats session fixation.
 */
export interface WebSessions {
  /** Returns the cookie token (shown once) and the stored record. */
  create(input: CreateSessionInput): Promise<{ token: string; session: WebSessionRecord }>;
  /**
   * The live session of `kind` for a cookie token, or null when unknown, of another kind, past its
   * lifetime, or idle longer than `idleMs` (an expired or idle session is deleted). Slides `lastSeenAt`.
   */
  resolve(token: string | undefined, kind: WebSessionKind, options?: { idleMs?: number }): Promise<WebSessionRecord | null>;
  /** Ends the session of a cookie token; returns what it was. */
  end(token: string | undefined): Promise<WebSessionRecord | null>;
  /** Ends every session of a user (of one kind, or all). */
  endForUser(userId: string, kind?: WebSessionKind): Promise<number>;
  /** Deletes sessions past their lifetime. */
  prune(): Promise<number>;
}

export interface WebSessionsDeps {
  sessions: WebSessionStore;
  clock: Clock;
  random: Random;
}

/** `lastSeenAt` is written at most this often per session, so page loads don't each cost a write. */
const TOUCH_EVERY_MS = 15_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 hex of a cookie token: the stored session key. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createWebSessions(deps: WebSessionsDeps): WebSessions {
  const { sessions, clock, random } = deps;
  const valid = (token: string | null | undefined): token is string => typeof token === 'string' && TOKEN.test(token);
  return {
    async create(input) {
      if (valid(input.replaces)) await sessions.delete(hashSessionToken(input.replaces));
      const token = random.bytes(32).toString('base64url');
      const now = clock.now();
      const session: WebSessionRecord = {
        idHash: hashSessionToken(token), kind: input.kind, userId: input.userId,
        csrf: random.bytes(32).toString('base64url'), authAt: input.authAt, mfaAt: input.mfaAt,
        data: input.data ?? {}, createdAt: now, lastSeenAt: now, expiresAt: now + input.ttlMs,
      };
      await sessions.create(session);
      return { token, session };
    },
    async resolve(token, kind, options = {}) {
      if (!valid(token)) return null;
      const idHash = hashSessionToken(token);
      const s = await sessions.get(idHash);
      if (s === null || s.kind !== kind) return null;
      const now = clock.now();
      if (s.expiresAt <= now || (options.idleMs !== undefined && now - s.lastSeenAt > options.idleMs)) {
        await sessions.delete(idHash);
        return null;
      }
      if (now - s.lastSeenAt >= TOUCH_EVERY_MS) {
        await sessions.touch(idHash, now);
        return { ...s, lastSeenAt: now };
      }
      return s;
    },
    async end(token) {
      if (!valid(token)) return null;
      const idHash = hashSessionToken(token);
      const s = await sessions.get(idHash);
      if (s !== null) await sessions.delete(idHash);
      return s;
    },
    endForUser: (userId, kind) => sessions.deleteForUser(userId, kind),
    prune: () => sessions.pruneExpired(clock.now()),
  };
}
