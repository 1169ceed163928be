// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import { base32Decode } from './base32.js';
import { OTPAUTH_SCHEME, type OtpauthUri } from './build-otpauth-uri.js';
import { OTP_ALGORITHMS, type OtpAlgorithm, type OtpDigits, type OtpPeriod } from './otp-params.js';

/** Longer input is refused before any parsing (a QR code at level M holds at most 2,331 bytes). */
export const MAX_OTPAUTH_URI_LENGTH = 2048;
const INTEGER = /^[0-9]+$/;

/**
 * Parses a Key Uri Format URI (`otpauth://totp|hotp/[issuer:]account?secret=…`).
 *
 * Rules: scheme and type are matched case-insensitively; the label and every parameter are
 * percent-decoded; the issuer comes from the `issuer` parameter or the label prefix, and when both are
 * present they must be equal (`issuer` is `''` when neither is); spaces after the label colon are
 * dropped; `secret` is required base32 (padding optional); `algorithm` (default SHA1) is SHA1, SHA256 or
 * SHA512 in any case; `digits` (default 6) is 6 or 8; TOTP gets `period` (default 30; 30 or 60);
 * HOTP requires `counter` (integer ≥ 0); a repeated parameter is refused; unknown ones are ignored.
 *
 * Throws `ERR_INVALID_INPUT` whose `data.part` names the bad part (`uri`, `scheme`, `type`, `label`,
 * `issuer`, `secret`, `algorithm`, `digits`, `period`, `counter`, or `parameter` for an undecodable name).
 */
export function parseOtpauthUri(uri: string): OtpauthUri {
  if (uri.length > MAX_OTPAUTH_URI_LENGTH) throw invalid('uri', `is longer than ${MAX_OTPAUTH_URI_LENGTH} characters`);
  if (uri.slice(0, OTPAUTH_SCHEME.length).toLowerCase() !== OTPAUTH_SCHEME) throw invalid('scheme', 'must be otpauth://');
  const rest = uri.slice(OTPAUTH_SCHEME.length);
  const slash = rest.indexOf('/');
  const type = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw invalid('type', 'must be totp or hotp');
  if (slash < 0) throw invalid('label', 'is missing');
  const afterType = rest.slice(slash + 1);
  const query = afterType.indexOf('?');
  const label = decode('label', query < 0 ? afterType : afterType.slice(0, query));
  const params = parseQuery(query < 0 ? '' : afterType.slice(query + 1));

  const colon = label.indexOf(':');
  const prefix = colon < 0 ? undefined : label.slice(0, colon);
  const account = (colon < 0 ? label : label.slice(colon + 1)).replace(/^ +/, '');
  if (account === '' || account.includes(':')) throw invalid('label', 'must name an account, with at most one colon');
  const issuerParam = params.get('issuer');
  if (issuerParam !== undefined && prefix !== undefined && issuerParam !== prefix) {
    throw invalid('issuer', 'parameter differs from the label prefix');
  }
  const issuer = issuerParam ?? prefix ?? '';
  if (issuer.includes(':')) throw invalid('issuer', 'must not contain a colon');

  const secret = base32Decode(params.get('secret') ?? '');
  if (secret === null || secret.length === 0) throw invalid('secret', 'must be non-empty base32');
  const algorithm = (params.get('algorithm') ?? 'SHA1').toUpperCase() as OtpAlgorithm;
  if (!OTP_ALGORITHMS.includes(algorithm)) throw invalid('algorithm', 'must be SHA1, SHA256 or SHA512');
  const digits = integer('digits', params.get('digits') ?? '6');
  if (digits !== 6 && digits !== 8) throw invalid('digits', 'must be 6 or 8');

  const result: OtpauthUri = { type, issuer, account, secret, algorithm, digits: digits as OtpDigits };
  if (type === 'totp') {
    const period = integer('period', params.get('period') ?? '30');
    if (period !== 30 && period !== 60) throw invalid('period', 'must be 30 or 60');
    result.period = period as OtpPeriod;
  } else {
    const counter = params.get('counter');
    if (counter === undefined) throw invalid('counter', 'is required for hotp');
    result.counter = integer('counter', counter);
  }
  return result;
}

/** The parameters we read; others (`image`, vendor extensions) are skipped undecoded. */
const KNOWN_PARAMETERS: ReadonlySet<string> = new Set(['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter']);

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = decode('parameter', eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (!KNOWN_PARAMETERS.has(name)) continue;
    if (params.has(name)) throw invalid(name, 'appears more than once');
    params.set(name, decode(name, eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return params;
}

/** A decimal integer ≥ 0 within the safe range, or `ERR_INVALID_INPUT` naming `part`. */
function integer(part: string, text: string): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) throw invalid(part, 'must be an integer ≥ 0');
  return value;
}

function decode(part: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(part, 'has invalid percent-encoding');
  }
}

function invalid(part: string, message: string): MfaError {
  return new MfaError('ERR_INVALID_INPUT', `otpauth URI ${part} ${message}`, { data: { part } });
}
