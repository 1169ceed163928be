// SPDX-License-Identifier: UNLICENSED
/**
 * oathtool (Debian `oathtool`), the independent HOTP/TOTP oracle for device codes. Shared by the
 * YKOATH and Token2 suites: keys as Buffer or hex, algorithm names in either case, time as `at` or `unix`.
 */
import { execFileSync } from 'node:child_process';

export interface OathtoolTotpOptions {
  /** Default SHA1. */
  algorithm?: 'sha1' | 'sha256' | 'sha512' | 'SHA1' | 'SHA256' | 'SHA512';
  /** Default 6. */
  digits?: number;
  /** Seconds, default 30. */
  period?: number;
  /** Unix seconds (either `at` or `unix`). */
  at?: number;
  unix?: number;
}

const keyArg = (key: Buffer | string): string => (typeof key === 'string' ? key : key.toString('hex'));

/** `oathtool --totp=<alg> -d <digits> -s <period>s -N @<time> <key hex>`. */
export function oathtoolTotp(key: Buffer | string, options: OathtoolTotpOptions): string {
  const time = options.at ?? options.unix;
  if (time === undefined) throw new Error('oathtoolTotp needs a time: at or unix');
  const args = [`--totp=${(options.algorithm ?? 'sha1').toLowerCase()}`, '-d', String(options.digits ?? 6), '-s', `${options.period ?? 30}s`, '-N', `@${time}`, keyArg(key)];
  return execFileSync('oathtool', args, { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** `oathtool --hotp -c <counter> -d <digits> <key hex>` (HOTP in oathtool is HMAC-SHA1 only). */
export function oathtoolHotp(key: Buffer | string, counter: number, digits = 6): string {
  return execFileSync('oathtool', ['--hotp', '-c', String(counter), '-d', String(digits), keyArg(key)], { encoding: 'utf8', timeout: 10_000 }).trim();
}
