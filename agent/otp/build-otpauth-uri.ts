// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import { base32Encode } from './base32.js';
import type { OtpAlgorithm, OtpDigits, OtpPeriod, OtpType } from './otp-params.js';

/** Key Uri Format (google-authenticator wiki "Key Uri Format"): `otpauth://TYPE/LABEL?PARAMETERS`. */
export const OTPAUTH_SCHEME = 'otpauth://';

/** The enrolment parameters an otpauth URI carries. */
export interface OtpauthUri {
  type: OtpType;
  /** Who the account is with (shown by the app). Empty means none: the label is then just `account`. */
  issuer: string;
  /** The account name, e.g. a UPN. Neither it nor `issuer` may contain a colon (Key Uri Format); no leading space. */
  account: string;
  /** The raw seed; written as base32 without padding. */
  secret: Buffer;
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  /** TOTP only, and required for it. */
  period?: OtpPeriod;
  /** HOTP only, and required for it: the counter of the next code (safe integer ≥ 0). */
  counter?: number;
}

/**
 * Builds `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA256&digits=6&period=30`
 * (`…&counter=N` instead of `period` for HOTP). Label parts and the issuer parameter are
 * percent-encoded (`encodeURIComponent`, so a space is `%20`); the issuer appears both as the label
 * prefix and as the `issuer` parameter; algorithm, digits and period are always written out, since
 * some apps assume other defaults. Throws `ERR_INVALID_INPUT` naming the field (`data.part`) when a
 * field breaks these rules.
 */
export function buildOtpauthUri(p: OtpauthUri): string {
  if (p.type !== 'totp' && p.type !== 'hotp') throw invalid('type', 'must be totp or hotp');
  if (p.issuer.includes(':')) throw invalid('issuer', 'must not contain a colon');
  if (p.account === '' || p.account.includes(':') || p.account.startsWith(' ')) {
    throw invalid('account', 'must be non-empty, without a colon or a leading space');
  }
  if (p.secret.length === 0) throw invalid('secret', 'must not be empty');
  const label = p.issuer === '' ? encodeURIComponent(p.account) : `${encodeURIComponent(p.issuer)}:${encodeURIComponent(p.account)}`;
  const params = [`secret=${base32Encode(p.secret)}`];
  if (p.issuer !== '') params.push(`issuer=${encodeURIComponent(p.issuer)}`);
  params.push(`algorithm=${p.algorithm}`, `digits=${String(p.digits)}`);
  if (p.type === 'totp') {
    if (p.period === undefined) throw invalid('period', 'is required for totp');
    params.push(`period=${String(p.period)}`);
  } else {
    if (p.counter === undefined || !Number.isSafeInteger(p.counter) || p.counter < 0) {
      throw invalid('counter', 'is required for hotp and must be an integer ≥ 0');
    }
    params.push(`counter=${String(p.counter)}`);
  }
  return `${OTPAUTH_SCHEME}${p.type}/${label}?${params.join('&')}`;
}

function invalid(part: string, message: string): MfaError {
  return new MfaError('ERR_INVALID_INPUT', `otpauth URI ${part} ${message}`, { data: { part } });
}
