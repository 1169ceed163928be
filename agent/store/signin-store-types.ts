// SPDX-License-Identifier: UNLICENSED
/**
 * Store interfaces of federation and the web pages: sign-in transactions, browser sessions, remembered
 * inbound message IDs and token-signing keys. Re-exported by store.ts.
 */
import type { SealedSecretRecord } from './store.js';

/**
 * What a browser-bound transaction is for: signing in for a SAML 2.0 or WS-Fed relying party (Entra) or the staff
 * console (the `/signin` page), or a self-service form under `/me/` (`self`, never accepted by `/signin`).
 */
export type SigninPurpose = 'saml' | 'wsfed' | 'staff' | 'self';

/**
 * The server-side state between a federation request (or a console sign-in) and its response. Bound to one
 * browser by `bindingHash` (SHA-256 hex of the browser-binding cookie); single use (`completedAt`).
 */
export interface SigninTransactionRecord {
  /** 128 random bits, base64url. */
  id: string;
  bindingHash: string;
  /** The form token every POST of this transaction must carry (compared in constant time). */
  csrf: string;
  purpose: SigninPurpose;
  /** The protocol request as parsed (request ID, RelayState, wctx, ForceAuthn…); JSON. */
  request: Record<string, unknown>;
  /** Progress through the steps (user, password verified at, …); JSON. */
  state: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
  completedAt: number | null;
}

export interface SigninTransactionStore {
  create(tx: SigninTransactionRecord): Promise<void>;
  get(id: string): Promise<SigninTransactionRecord | null>;
  /** Replaces `state` only while the transaction is open (not completed, `expiresAt > now`); false otherwise. */
  updateState(id: string, state: Record<string, unknown>, now: number): Promise<boolean>;
  /** Single use: true only for the one caller that marks an open transaction completed. */
  complete(id: string, now: number): Promise<boolean>;
  /** Deletes transactions that expired before `now`; returns how many. */
  pruneExpired(now: number): Promise<number>;
}

export type WebSessionKind = 'sso' | 'staff';

/**
 * A browser session: `sso` remembers a federation sign-in (so a later request without ForceAuthn needs no
 * new password), `staff` is a console session. The cookie holds a random token; only its SHA-256 is stored.
 */
export interface WebSessionRecord {
  idHash: string;
  kind: WebSessionKind;
  userId: string;
  /** Form token of this session's pages. */
  csrf: string;
  /** When the password was verified. */
  authAt: number;
  /** When the second factor was verified; null when policy skipped it (trusted network). */
  mfaAt: number | null;
  data: Record<string, unknown>;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface WebSessionStore {
  create(session: WebSessionRecord): Promise<void>;
  get(idHash: string): Promise<WebSessionRecord | null>;
  /** Slides `lastSeenAt`; false when the session is gone. */
  touch(idHash: string, at: number): Promise<boolean>;
  delete(idHash: string): Promise<boolean>;
  /** Ends every session of a user (of one kind, or all); returns how many. */
  deleteForUser(userId: string, kind?: WebSessionKind): Promise<number>;
  pruneExpired(now: number): Promise<number>;
}

/** Inbound protocol message IDs (AuthnRequest, LogoutRequest) remembered until they expire, to refuse replays. */
export interface MessageIdStore {
  /** Records `(issuer, id)`; false when it was already recorded and has not expired (a replay). One statement. */
  remember(issuer: string, id: string, expiresAt: number, now: number): Promise<boolean>;
  pruneExpired(now: number): Promise<number>;
}

export type SigningKeyState = 'next' | 'current' | 'retired';

/** A token-signing key pair: the private key sealed in the vault (`secretId`), the certificate in PEM. */
export interface SigningKeyRecord {
  id: string;
  state: SigningKeyState;
  /** Sealed PKCS#8 DER of the private key; null once a retired key is destroyed. */
  secretId: string | null;
  certificate: string;
  keyBits: number;
  notBefore: number;
  notAfter: number;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
}

export interface SigningKeyStore {
  /** Stores the record and its sealed key in one transaction. `ERR_ALREADY_EXISTS` when a key already holds that state. */
  create(key: SigningKeyRecord, sealed: SealedSecretRecord): Promise<void>;
  get(id: string): Promise<SigningKeyRecord | null>;
  /** Newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /**
   * Rollover in one transaction: the `next` key `nextId` becomes `current`, the previous current key becomes
   * `retired`. False (and no change) when `nextId` is not the next key.
   */
  promote(nextId: string, at: number): Promise<boolean>;
  /** Retires a key in any state and destroys its sealed private key; false when unknown. */
  retire(id: string, at: number): Promise<boolean>;
}
