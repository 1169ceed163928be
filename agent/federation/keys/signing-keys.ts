// SPDX-License-Identifier: UNLICENSED
import type { KeyObject } from 'node:crypto';
import type { Actor } from '../../actor.js';
import type { SigningKeyState } from '../../store/store.js';

/** The public half of a signing key: what metadata and Graph publish. Times in ms since the epoch. */
export interface CertInfo {
  id: string;
  certificatePem: string;
  certificateDer: Buffer;
  /** Lower-case hex SHA-256 of `certificateDer`. */
  thumbprintSha256: string;
  notBefore: number;
  notAfter: number;
}

/** The key tokens are signed with now. `privateKey` never leaves the process (no JSON, no logs). */
export interface ActiveSigningKey {
  id: string;
  privateKey: KeyObject;
  certificatePem: string;
  certificateDer: Buffer;
  /** Lower-case hex SHA-256 of `certificateDer`. */
  thumbprintSha256: string;
  notAfter: number;
}

/** One key as `federation keys list` shows it. Holds nothing secret. */
export interface SigningKeyView {
  id: string;
  state: SigningKeyState;
  keyBits: number;
  notBefore: number;
  notAfter: number;
  thumbprintSha256: string;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
  /** False once the sealed private key was destroyed (`retire`). */
  hasPrivateKey: boolean;
}

/** One key's dates as `status()` reports them; `daysLeft` is whole days until `notAfter` (negative once expired). */
export interface SigningKeyDates {
  id: string;
  notBefore: number;
  notAfter: number;
  daysLeft: number;
  thumbprintSha256: string;
}

/** For `doctor`: the current and next keys' expiry. */
export interface SigningKeysStatus {
  current: SigningKeyDates | null;
  next: SigningKeyDates | null;
  retired: number;
}

/**
 * Token-signing keys with rollover (`next` → `current` → `retired`). Contracts:
 * - private keys are generated here, sealed at once (PKCS#8 DER, purpose `signing-key`) and stored with
 *   their certificate in one transaction; they are never logged, returned, or kept as plaintext buffers;
 * - `current()` opens and parses the current key once and caches the `KeyObject`; it re-reads which key is
 *   current at most every 10 s (by the injected clock), so a rollover made by another process (the CLI) is
 *   picked up within that time. No current key is `ERR_SIGNING_KEY`;
 * - every change is audited (`federation.key_generated`, `key_activated`, `key_retired`).
 */
export interface SigningKeys {
  current(): Promise<ActiveSigningKey>;
  /**
   * Generates and stores the first key (state `current`) when none is current; idempotent, also against a
   * concurrent process doing the same. `generated` says whether this call made it.
   */
  ensureCurrent(actor: Actor): Promise<{ generated: boolean; current: CertInfo }>;
  /** Both certificates metadata and Graph publish; `ERR_SIGNING_KEY` when there is no current key. */
  published(): Promise<{ current: CertInfo; next: CertInfo | null }>;
  /** Generates the `next` key. `ERR_ALREADY_EXISTS` when one exists (activate or retire it first). */
  generateNext(actor: Actor): Promise<CertInfo>;
  /**
   * Rollover: the next key becomes current and the previous current key retired (its sealed key is kept
   * until `retire`). `ERR_SIGNING_KEY` when there is no next key. Returns the new current key.
   */
  activateNext(actor: Actor): Promise<CertInfo>;
  /**
   * Retires a `next` or `retired` key and destroys its sealed private key. The current key cannot be
   * retired (`ERR_SIGNING_KEY`: activate a next key first); an unknown id is `ERR_NOT_FOUND`.
   */
  retire(id: string, actor: Actor): Promise<void>;
  /** Every key, newest first. */
  list(): Promise<SigningKeyView[]>;
  status(): Promise<SigningKeysStatus>;
}
