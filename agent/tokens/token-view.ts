// SPDX-License-Identifier: UNLICENSED
import type { TokenRecord } from '../store/store.js';

/** A token as shown to operators and API callers: never the seed, nor where it is sealed. */
export type TokenView = Omit<TokenRecord, 'seedSecretId'> & { hasSeed: boolean; upn: string | null };

export function tokenView(t: TokenRecord, upn: string | null): TokenView {
  const { seedSecretId, ...rest } = t;
  return { ...rest, hasSeed: seedSecretId !== null, upn };
}
