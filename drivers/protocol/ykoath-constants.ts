// SPDX-License-Identifier: UNLICENSED
/**
 * YKOATH protocol constants (YubiKey OATH applet, Nitrokey 3 Secrets App), shared by `OathSession` and
 * `OathCardEmulator`. Source: https://developers.yubico.com/OATH/YKOATH_Protocol.html and yubikit
 * `oath.py`, summarised in token-hardware.md §1.1–§1.7.
 */

/** Application identifier (§1.1). */
export const OATH_AID = Buffer.from('a0000005272101', 'hex');

// Instructions, CLA 00 (§1.2)
export const INS_SELECT = 0xa4;
export const INS_PUT = 0x01;
export const INS_DELETE = 0x02;
export const INS_SET_CODE = 0x03;
export const INS_RESET = 0x04;
export const INS_RENAME = 0x05;
export const INS_LIST = 0xa1;
export const INS_CALCULATE = 0xa2;
export const INS_VALIDATE = 0xa3;
export const INS_CALCULATE_ALL = 0xa4;
export const INS_SEND_REMAINING = 0xa5;

/** SELECT by AID: P1 04, P2 00. */
export const P1_SELECT_BY_AID = 0x04;
/** RESET must carry P1 P2 = DE AD. */
export const P1_RESET = 0xde;
export const P2_RESET = 0xad;
/** CALCULATE / CALCULATE ALL P2: full HMAC (00) or the 4 truncated bytes (01). */
export const P2_FULL_RESPONSE = 0x00;
export const P2_TRUNCATED = 0x01;

// Tags (§1.3)
export const TAG_NAME = 0x71;
export const TAG_NAME_LIST = 0x72;
export const TAG_KEY = 0x73;
export const TAG_CHALLENGE = 0x74;
export const TAG_RESPONSE = 0x75;
export const TAG_TRUNCATED = 0x76;
export const TAG_HOTP = 0x77;
/** Sent bare, with no length byte: `78 <prop>` (§1.4). */
export const TAG_PROPERTY = 0x78;
export const TAG_VERSION = 0x79;
export const TAG_IMF = 0x7a;
export const TAG_ALGORITHM = 0x7b;
export const TAG_TOUCH = 0x7c;

// Type and algorithm byte `type | algorithm` (§1.4)
export const MASK_TYPE = 0xf0;
export const MASK_ALGO = 0x0f;
export const TYPE_HOTP = 0x10;
export const TYPE_TOTP = 0x20;
export const ALGO_SHA1 = 0x01;
export const ALGO_SHA256 = 0x02;
export const ALGO_SHA512 = 0x03;

// Properties (§1.4)
export const PROP_ONLY_INCREASING = 0x01;
export const PROP_REQUIRE_TOUCH = 0x02;

/** Keys shorter than this are right-padded with zeros (yubikit `HMAC_MINIMUM_KEY_SIZE`, §1.5). */
export const HMAC_MINIMUM_KEY_SIZE = 14;
/** Credential id limit in bytes (§1.3). */
export const MAX_NAME_LENGTH = 64;
/** Host and card challenges for VALIDATE / SET CODE, and the TOTP time-step challenge. */
export const CHALLENGE_LENGTH = 8;
export const DEFAULT_PERIOD = 30;
/** PBKDF2-HMAC-SHA1 parameters of the password key (§1.7). */
export const PASSWORD_PBKDF2_ITERATIONS = 1000;
export const PASSWORD_KEY_LENGTH = 16;

/** Firmware that added RENAME (yubikit `rename_credential`: `require_version(5, 3, 1)`). */
export const RENAME_MIN_VERSION = [5, 3, 1] as const;
/** Firmware that added SHA-512 credentials (§1.4). */
export const SHA512_MIN_VERSION = [4, 3, 1] as const;
/** Firmware that added the touch property (§1.4). */
export const TOUCH_MIN_VERSION = [4, 2, 4] as const;

export type OathType = 'TOTP' | 'HOTP';
export type OathAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export const ALGORITHM_CODES: Readonly<Record<OathAlgorithm, number>> = { SHA1: ALGO_SHA1, SHA256: ALGO_SHA256, SHA512: ALGO_SHA512 };
export const TYPE_CODES: Readonly<Record<OathType, number>> = { HOTP: TYPE_HOTP, TOTP: TYPE_TOTP };

/** HMAC block size in bytes: keys longer than this are hashed first (yubikit `_hmac_shorten_key`). */
export const HMAC_BLOCK_SIZE: Readonly<Record<OathAlgorithm, number>> = { SHA1: 64, SHA256: 64, SHA512: 128 };

/** `0x02` → `'SHA256'`; null for a code the protocol does not define. */
export function algorithmFromCode(code: number): OathAlgorithm | null {
  return code === ALGO_SHA1 ? 'SHA1' : code === ALGO_SHA256 ? 'SHA256' : code === ALGO_SHA512 ? 'SHA512' : null;
}

/** `0x20` → `'TOTP'`; null for Nitrokey's extra types or anything else. */
export function typeFromCode(code: number): OathType | null {
  return code === TYPE_TOTP ? 'TOTP' : code === TYPE_HOTP ? 'HOTP' : null;
}

/** a ≥ b for firmware versions `[major, minor, patch]`. */
export function versionAtLeast(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
