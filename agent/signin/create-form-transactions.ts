// SPDX-License-Identifier: UNLICENSED
import { timingSafeEqual } from 'node:crypto';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SigninTransactionRecord, SigninTransactionStore } from '../store/store.js';
import { hashSessionToken } from './create-web-sessions.js';

/** One open form, as its page needs it. */
export interface FormTransaction {
  transactionId: string;
  /** The hidden form token every POST must carry (compare with `formTokenMatches`). */
  csrf: string;
  expiresAt: number;
}

/**
 * The server-side transactions behind the self-service forms (`/me/…`), the CSRF defence of a page that has no
 * session: stored with the sign-in transactions under purpose `self` (which `/signin` refuses). Contracts:
 * - `open` binds a new transaction for `page` to the browser (SHA-256 of its binding cookie is stored); the
 *   browser's well-formed binding token is reused, otherwise a new one is returned for the caller to set;
 * - `current` returns it only to that browser, for that page, while not completed and not expired; anything
 *   else is `ERR_CSRF` ("this form has expired"), whose page tells the person to open the page again;
 * - `complete` is true for exactly one caller; a completed form cannot be posted again.
 * Expired transactions go with the sign-in ones (`SigninFlow.prune`).
 */
export interface FormTransactions {
  open(page: string, bindingToken: string | undefined): Promise<FormTransaction & { bindingToken: string }>;
  current(page: string, transactionId: string, bindingToken: string | undefined): Promise<FormTransaction>;
  complete(transactionId: string): Promise<boolean>;
}

export interface FormTransactionsDeps {
  transactions: SigninTransactionStore;
  clock: Clock;
  random: Random;
  /** Lifetime of a form (`federation.signin.transactionSeconds` in ms). */
  ttlMs: number;
}

/** 128-bit transaction ids and 256-bit binding tokens, base64url (as the sign-in flow makes them). */
const TX_ID = /^[A-Za-z0-9_-]{22}$/;
const BINDING = /^[A-Za-z0-9_-]{43}$/;
const EXPIRED = 'This form has expired or was opened in another browser. Open the page again and fill it in once more.';

export function createFormTransactions(deps: FormTransactionsDeps): FormTransactions {
  const { transactions, clock, random, ttlMs } = deps;
  const expired = (reason: string): MfaError => new MfaError('ERR_CSRF', EXPIRED, { data: { reason } });
  const toForm = (tx: SigninTransactionRecord): FormTransaction => ({ transactionId: tx.id, csrf: tx.csrf, expiresAt: tx.expiresAt });

  function bindingMatches(hash: string, token: string | undefined): boolean {
    if (token === undefined || !BINDING.test(token)) return false;
    const given = Buffer.from(hashSessionToken(token), 'utf8');
    const stored = Buffer.from(hash, 'utf8');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  return {
    async open(page, browserToken) {
      const bindingToken = browserToken !== undefined && BINDING.test(browserToken) ? browserToken : random.bytes(32).toString('base64url');
      const now = clock.now();
      const tx: SigninTransactionRecord = {
        id: random.bytes(16).toString('base64url'), bindingHash: hashSessionToken(bindingToken), csrf: random.bytes(32).toString('base64url'),
        purpose: 'self', request: { page }, state: {}, createdAt: now, expiresAt: now + ttlMs, completedAt: null,
      };
      await transactions.create(tx);
      return { ...toForm(tx), bindingToken };
    },

    async current(page, id, bindingToken) {
      const tx = TX_ID.test(id) ? await transactions.get(id) : null;
      if (tx === null) throw expired('unknown');
      if (tx.purpose !== 'self' || tx.request.page !== page) throw expired('other_page');
      if (tx.completedAt !== null) throw expired('used');
      if (tx.expiresAt <= clock.now()) throw expired('expired');
      if (!bindingMatches(tx.bindingHash, bindingToken)) throw expired('other_browser');
      return toForm(tx);
    },

    complete: (id) => transactions.complete(id, clock.now()),
  };
}
