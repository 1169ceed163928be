// SPDX-License-Identifier: UNLICENSED
import {
  ALGORITHM_CODE,
  DISPLAY_TIMEOUT_CODE,
  TAG_DIGITS,
  TAG_DISPLAY_TIMEOUT,
  TAG_HMAC,
  TAG_SYS_CONFIG,
  TAG_TIME_STEP,
  TAG_TOTP_PARAMS,
  TAG_UTC_TIME,
  type Token2Algorithm,
  type Token2DisplayTimeout,
} from '../../protocol/token2/token2-apdus.js';

export interface ParsedToken2Config {
  algorithm: Token2Algorithm;
  period: 30 | 60;
  displayTimeout: Token2DisplayTimeout;
  /** Unix seconds. */
  time: number;
  /** Molto2 only. */
  digits?: number;
}

const ALGORITHMS = new Map<number, Token2Algorithm>(Object.entries(ALGORITHM_CODE).map(([k, v]) => [v, k as Token2Algorithm]));
const TIMEOUTS = new Map<number, Token2DisplayTimeout>(Object.entries(DISPLAY_TIMEOUT_CODE).map(([k, v]) => [v, Number(k) as Token2DisplayTimeout]));
const MOLTO2_DIGITS: readonly number[] = [4, 6, 8, 10];

/**
 * Strict parse of a config body, as the firmware core checks it byte by byte; null → the device answers `6A80`.
 * Single-profile (19 B): `81 11 1F01 d 0F04 t(4) 86 06 0A01 a 0D01 s`.
 * Molto2 (22 B): `81 14 1F01 d 0F04 t(4) 86 09 0A01 a 0B01 n 0D01 s`.
 */
export function parseToken2Config(body: Buffer, molto2: boolean): ParsedToken2Config | null {
  const expected = molto2 ? 22 : 19;
  if (body.length !== expected) return null;
  const at = (i: number): number => body[i]!;
  const inner = molto2 ? 0x09 : 0x06;
  if (at(0) !== TAG_SYS_CONFIG || at(1) !== expected - 2) return null;
  if (at(2) !== TAG_DISPLAY_TIMEOUT || at(3) !== 0x01 || at(5) !== TAG_UTC_TIME || at(6) !== 0x04) return null;
  if (at(11) !== TAG_TOTP_PARAMS || at(12) !== inner || at(13) !== TAG_HMAC || at(14) !== 0x01) return null;
  const stepAt = molto2 ? 19 : 16;
  if (at(stepAt) !== TAG_TIME_STEP || at(stepAt + 1) !== 0x01) return null;
  const displayTimeout = TIMEOUTS.get(at(4));
  const algorithm = ALGORITHMS.get(at(15));
  const step = at(stepAt + 2);
  if (displayTimeout === undefined || algorithm === undefined || (step !== 30 && step !== 60)) return null;
  const config: ParsedToken2Config = { algorithm, period: step, displayTimeout, time: body.readUInt32BE(7) };
  if (molto2) {
    if (at(16) !== TAG_DIGITS || at(17) !== 0x01 || !MOLTO2_DIGITS.includes(at(18))) return null;
    config.digits = at(18);
  }
  return config;
}

/** Molto2 time-sync-only body `81 06 0F 04 t(4)` → Unix seconds, or null. */
export function parseMolto2TimeSync(body: Buffer): number | null {
  if (body.length !== 8 || body[0] !== TAG_SYS_CONFIG || body[1] !== 0x06 || body[2] !== TAG_UTC_TIME || body[3] !== 0x04) return null;
  return body.readUInt32BE(4);
}
