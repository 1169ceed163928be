// SPDX-License-Identifier: UNLICENSED
/**
 * Token2 command APDUs, single-profile (§2.2) and Molto2 (§2.3) of token-hardware.md.
 * Secure commands are `84 INS P1 P2 Lc body ‖ MAC(4)` with `Lc = len(body) + 4` (see `token2Mac`).
 */
import type { Sm4 } from './sm4.js';
import { authCryptogram, encryptSeed, padIso9797M2, token2Mac, TOKEN2_MAC_LENGTH } from './token2-crypto.js';

/** Class bytes. */
export const CLA_PLAIN = 0x80;
export const CLA_SECURE = 0x84;

/** Instructions (openT2OTP `token2.c`, molto2-tools `PROTOCOL.md`). */
export const INS_GET_INFO = 0x41;
export const INS_GET_CHALLENGE = 0x4b;
export const INS_AUTH_FINISH = 0xce;
export const INS_WRITE_SEED = 0xc5;
export const INS_WRITE_CONFIG = 0xd4;
export const INS_WRITE_TITLE = 0xd5;
export const INS_SET_CUSTOMER_KEY = 0xd7;
export const INS_DELETE_SEED = 0xe6;

/** Status words. */
export const SW_OK = 0x9000;
/** Wrong auth response, bad MAC or not authenticated (openT2OTP `SW_AUTH_LOCK`). */
export const SW_AUTH_FAILED = 0x6983;
/** Bad padding or TLV (openT2OTP `SW_DATA_NG`). */
export const SW_WRONG_DATA = 0x6a80;
export const SW_WRONG_LENGTH = 0x6700;
export const SW_INS_NOT_SUPPORTED = 0x6d00;
export const SW_CLA_NOT_SUPPORTED = 0x6e00;
/** SW1 of `63 NN`/`63 CX`: wrong key, NN (or X) tries left (Molto2). */
export const SW1_TRIES_LEFT = 0x63;

/** Config TLV tags (molto2.py names). */
export const TAG_SYS_CONFIG = 0x81;
export const TAG_DISPLAY_TIMEOUT = 0x1f;
export const TAG_UTC_TIME = 0x0f;
export const TAG_TOTP_PARAMS = 0x86;
export const TAG_HMAC = 0x0a;
export const TAG_DIGITS = 0x0b;
export const TAG_TIME_STEP = 0x0d;
/** Read-public-data tags (Molto2). */
export const TAG_PUBLIC_DATA = 0x95;
export const TAG_SEED_INFO = 0x70;

/** Single-profile get-info `80 41 00 00 02 02 11`. */
export const GET_INFO_APDU = Buffer.from('80410000020211', 'hex');
/** Molto2 get-info `80 41 00 00 00`. */
export const MOLTO2_GET_INFO_APDU = Buffer.from('8041000000', 'hex');
/** `80 4B 08 00 00`: 8-byte challenge. */
export const GET_CHALLENGE_APDU = Buffer.from('804b080000', 'hex');

export type Token2Algorithm = 'SHA1' | 'SHA256';
export type Token2Period = 30 | 60;
/** Display-off timeout in seconds. */
export type Token2DisplayTimeout = 15 | 30 | 60 | 120;
export type Molto2Digits = 4 | 6 | 8 | 10;

/** Wire codes. */
export const ALGORITHM_CODE: Readonly<Record<Token2Algorithm, number>> = { SHA1: 0x01, SHA256: 0x02 };
export const DISPLAY_TIMEOUT_CODE: Readonly<Record<Token2DisplayTimeout, number>> = { 15: 0, 30: 1, 60: 2, 120: 3 };

export interface Token2ConfigFields {
  algorithm: Token2Algorithm;
  period: Token2Period;
  displayTimeout: Token2DisplayTimeout;
  /** Device clock to set, Unix seconds (u32). */
  time: number;
}

/** `80 CE 00 00 10 ‖ SM4-ECB(key, challenge ‖ 00×8)`. */
export function authFinishApdu(sm4: Sm4, challenge: Buffer): Buffer {
  return Buffer.concat([Buffer.from([CLA_PLAIN, INS_AUTH_FINISH, 0x00, 0x00, 0x10]), authCryptogram(sm4, challenge)]);
}

/** `84 INS P1 P2 (len+4) ‖ body ‖ MAC`. */
export function secureApdu(sm4: Sm4, ins: number, p1: number, p2: number, body: Buffer): Buffer {
  if (body.length + TOKEN2_MAC_LENGTH > 0xff) throw new RangeError('secure command body too long');
  const header = Buffer.from([CLA_SECURE, ins, p1, p2, body.length + TOKEN2_MAC_LENGTH]);
  return Buffer.concat([header, body, token2Mac(sm4, ins, p1, p2, body)]);
}

function u32(time: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(time >>> 0, 0);
  return b;
}

/**
 * Single-profile config body (19 bytes):
 * `81 11  1F 01 <disp>  0F 04 <utc BE>  86 06  0A 01 <alg>  0D 01 <step>`.
 */
export function token2ConfigBody(c: Token2ConfigFields): Buffer {
  return Buffer.concat([
    Buffer.from([TAG_SYS_CONFIG, 0x11, TAG_DISPLAY_TIMEOUT, 0x01, DISPLAY_TIMEOUT_CODE[c.displayTimeout], TAG_UTC_TIME, 0x04]),
    u32(c.time),
    Buffer.from([TAG_TOTP_PARAMS, 0x06, TAG_HMAC, 0x01, ALGORITHM_CODE[c.algorithm], TAG_TIME_STEP, 0x01, c.period]),
  ]);
}

/**
 * Molto2 config body (22 bytes):
 * `81 14  1F 01 <disp>  0F 04 <utc BE>  86 09  0A 01 <alg>  0B 01 <digits>  0D 01 <step>`.
 */
export function molto2ConfigBody(c: Token2ConfigFields & { digits: Molto2Digits }): Buffer {
  return Buffer.concat([
    Buffer.from([TAG_SYS_CONFIG, 0x14, TAG_DISPLAY_TIMEOUT, 0x01, DISPLAY_TIMEOUT_CODE[c.displayTimeout], TAG_UTC_TIME, 0x04]),
    u32(c.time),
    Buffer.from([TAG_TOTP_PARAMS, 0x09, TAG_HMAC, 0x01, ALGORITHM_CODE[c.algorithm], TAG_DIGITS, 0x01, c.digits, TAG_TIME_STEP, 0x01, c.period]),
  ]);
}

/** Molto2 time-sync-only body: `81 06 0F 04 <utc BE>`. */
export function molto2TimeSyncBody(time: number): Buffer {
  return Buffer.concat([Buffer.from([TAG_SYS_CONFIG, 0x06, TAG_UTC_TIME, 0x04]), u32(time)]);
}

/** Single-profile `84 D4 00 00 17 body MAC`. */
export function token2ConfigApdu(sm4: Sm4, c: Token2ConfigFields): Buffer {
  return secureApdu(sm4, INS_WRITE_CONFIG, 0x00, 0x00, token2ConfigBody(c));
}

/** `84 C5 01 <profile> Lc SM4(pad(seed)) MAC`; single-profile tokens use profile 0. */
export function seedApdu(sm4: Sm4, seed: Buffer, profile = 0): Buffer {
  return secureApdu(sm4, INS_WRITE_SEED, 0x01, profile, encryptSeed(sm4, seed));
}

/** Molto2 `84 D4 01 <profile> Lc body MAC`. */
export function molto2ConfigApdu(sm4: Sm4, profile: number, body: Buffer): Buffer {
  return secureApdu(sm4, INS_WRITE_CONFIG, 0x01, profile, body);
}

/** Molto2 `84 D5 00 <profile> 14 SM4(pad(title)) MAC`; title ≤ 12 bytes. */
export function molto2TitleApdu(sm4: Sm4, profile: number, title: Buffer): Buffer {
  return secureApdu(sm4, INS_WRITE_TITLE, 0x00, profile, sm4.encryptEcb(padIso9797M2(title)));
}

/** Molto2 read-public-data `80 41 00 <profile> 01 70`. */
export function molto2SeedInfoApdu(profile: number): Buffer {
  return Buffer.from([CLA_PLAIN, INS_GET_INFO, 0x00, profile, 0x01, TAG_SEED_INFO]);
}

/**
 * Molto2 delete-seed `80 E6 00 <profile> 00`. molto2.py transmits CLA 80 (no MAC); §2.3 and PROTOCOL.md
 * write 84. The emulator accepts both.
 */
export function molto2DeleteSeedApdu(profile: number): Buffer {
  return Buffer.from([CLA_PLAIN, INS_DELETE_SEED, 0x00, profile, 0x00]);
}

/** Molto2 `84 D7 00 00 24 SM4(00 ‖ newSm4Key(16) ‖ 80 ‖ 00×14) MAC`, under the current key. */
export function molto2SetKeyApdu(sm4: Sm4, newSm4Key: Buffer): Buffer {
  const plain = Buffer.concat([Buffer.from([0x00]), newSm4Key, Buffer.from([0x80]), Buffer.alloc(14)]);
  return secureApdu(sm4, INS_SET_CUSTOMER_KEY, 0x00, 0x00, sm4.encryptEcb(plain));
}
