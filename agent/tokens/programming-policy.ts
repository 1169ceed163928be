// SPDX-License-Identifier: UNLICENSED
/** What a programming job burns into a token: the TOTP parameters that policy sets. */
export interface ProgrammingPolicy {
  /** HMAC of new seeds. Token2 and Molto2 accept nothing else. */
  algorithm: 'SHA1' | 'SHA256';
  /** Code length. Token2 single-profile tokens show 6 digits only. */
  digits: 6 | 8;
  /** Time step in seconds. */
  period: 30 | 60;
  /**
   * Register tokens programmed for a user in Entra's hardware OATH inventory after activation
   * (`tokens.program.registerInEntra`), when the programmer has a `registerInEntra` hook. A job's own
   * `registerInEntra` overrides it. Default false.
   */
  registerInEntra?: boolean;
}

/** Seed length per HMAC: the hash output size, as RFC 6238 §5.1 and the reference tokens use (20 and 32 bytes). */
export const SEED_BYTES: Readonly<Record<ProgrammingPolicy['algorithm'], number>> = { SHA1: 20, SHA256: 32 };
