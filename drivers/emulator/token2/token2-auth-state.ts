// SPDX-License-Identifier: UNLICENSED
import { authCryptogram, token2Mac, TOKEN2_MAC_LENGTH } from '../../protocol/token2/token2-crypto.js';
import type { Sm4 } from '../../protocol/token2/sm4.js';
import { SW1_TRIES_LEFT, SW_AUTH_FAILED, SW_OK, SW_WRONG_DATA } from '../../protocol/token2/token2-apdus.js';
import type { Token2Command } from './token2-command.js';

/**
 * How a token answers a wrong auth response.
 * - `null`: openT2OTP firmware core (lockout removed in 2025): `6983`, no counter.
 * - `{ maxTries, format }`: a counter that resets on success; a wrong response answers `63 CX` (`format: 'cx'`)
 *   or `63 NN` (`'nn'`, Molto2) with the tries left; at 0 the token is blocked and answers `63 C0` / `63 00`
 *   to every later auth.
 */
export type Token2Lockout = null | { maxTries: number; format: 'cx' | 'nn' };

/**
 * The challenge/response state of one token: the volatile session part (challenge, authenticated) and the
 * persistent tries counter.
 */
export class Token2AuthState {
  readonly #lockout: Token2Lockout;
  #challenge: Buffer | null = null;
  #authenticated = false;
  #triesLeft: number | null;

  constructor(lockout: Token2Lockout) {
    this.#lockout = lockout;
    this.#triesLeft = lockout === null ? null : lockout.maxTries;
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Null when the token keeps no counter. */
  get triesLeft(): number | null {
    return this.#triesLeft;
  }

  get blocked(): boolean {
    return this.#triesLeft === 0;
  }

  /** `80 4B`: a new challenge ends any authenticated state. */
  challenge(random: (n: number) => Buffer): Buffer {
    this.#challenge = Buffer.from(random(8));
    this.#authenticated = false;
    return this.#challenge;
  }

  /** `80 CE`: checks `SM4(challenge ‖ 00×8)`; the challenge is single-use. Returns the SW. */
  finish(sm4: Sm4, response: Buffer): number {
    if (this.blocked) return this.#triesSw(0);
    const challenge = this.#challenge;
    this.#challenge = null;
    if (challenge === null || response.length !== 16) return SW_WRONG_DATA;
    if (authCryptogram(sm4, challenge).equals(response)) {
      this.#authenticated = true;
      if (this.#lockout !== null) this.#triesLeft = this.#lockout.maxTries;
      return SW_OK;
    }
    if (this.#triesLeft === null) return SW_AUTH_FAILED;
    this.#triesLeft -= 1;
    return this.#triesSw(this.#triesLeft);
  }

  /** Ends the volatile session (power-off, reset, or a write that requires re-authentication). */
  endSession(): void {
    this.#challenge = null;
    this.#authenticated = false;
  }

  #triesSw(tries: number): number {
    const sw2 = this.#lockout?.format === 'cx' ? 0xc0 | Math.min(tries, 0x0f) : tries & 0xff;
    return (SW1_TRIES_LEFT << 8) | sw2;
  }
}

/** The body of a secure (`84`) command when its trailing MAC verifies under `sm4`; null otherwise. */
export function openSecureCommand(sm4: Sm4, cmd: Token2Command): Buffer | null {
  if (cmd.data.length < TOKEN2_MAC_LENGTH) return null;
  const body = cmd.data.subarray(0, cmd.data.length - TOKEN2_MAC_LENGTH);
  const mac = cmd.data.subarray(cmd.data.length - TOKEN2_MAC_LENGTH);
  return token2Mac(sm4, cmd.ins, cmd.p1, cmd.p2, body).equals(mac) ? Buffer.from(body) : null;
}
