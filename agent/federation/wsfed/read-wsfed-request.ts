// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import { microsoftLoginUrl } from './microsoft-login-url.js';
import { ENTRA_REALM, WA_SIGNIN, WA_SIGNOUT, WA_SIGNOUT_CLEANUP } from './wsfed-constants.js';
import type { WsfedRequest } from './wsfed-request.js';

/** Largest accepted value of each parameter read, in UTF-8 bytes; other parameters are ignored. */
const MAX_BYTES = {
  wa: 32,
  wtrealm: 256,
  wctx: 4096,
  wreply: 2048,
  username: 256,
  wfresh: 16,
  wauth: 512,
  prompt: 128,
} as const;
type Name = keyof typeof MAX_BYTES;

/** `wfresh` is a freshness in minutes (WS-Federation 1.2 §13.2.1); `0` asks for a fresh sign-in. */
const WFRESH = /^[0-9]{1,9}$/;

/**
 * Reads a WS-Federation passive request from the query (GET) or the form body (POST), already split
 * into name → value. Rules, in this order; each failure is `ERR_WSFED_REQUEST` (400) with
 * `data.detail` (stable string) and `data.parameter`:
 * 1. Every parameter read must be absent or one string (`duplicate_parameter` for an array, as query
 *    parsers give for a repeated name; `not_a_string` otherwise) of at most `MAX_BYTES` (`too_long`).
 * 2. `wa` is `wsignin1.0`, `wsignout1.0` or `wsignoutcleanup1.0` (`wa_missing`, `wa_unknown`).
 * 3. A non-empty `wreply` must be `https:` on a Microsoft login host (`microsoftLoginUrl`), for sign-in
 *    and sign-out alike (`wreply_not_microsoft`): a request naming any other reply is refused rather
 *    than half-honoured, so the caller never redirects elsewhere.
 * 4. Sign-in: `wtrealm` is exactly `urn:federation:MicrosoftOnline` (`wtrealm_missing`,
 *    `wtrealm_unknown`); `wfresh`, when non-empty, is decimal minutes (`wfresh_invalid`).
 * `fresh` is true for `wfresh=0` or a `prompt` containing `login`. `wctx` is kept verbatim (an empty
 * one too); empty `username`, `wauth`, `wreply` count as absent. Unknown parameters (`mkt`, `lc`,
 * `client-request-id`…) are ignored.
 */
export function readWsfedRequest(params: Readonly<Record<string, unknown>>): WsfedRequest {
  const read = (name: Name): string | null => readParam(params, name);
  const wa = read('wa');
  if (wa === null) throw wsfedError('wa_missing', 'wa', 'the WS-Federation request has no wa parameter');
  if (wa !== WA_SIGNIN && wa !== WA_SIGNOUT && wa !== WA_SIGNOUT_CLEANUP) {
    throw wsfedError('wa_unknown', 'wa', 'wa must be wsignin1.0, wsignout1.0 or wsignoutcleanup1.0');
  }
  const wreply = readReply(read('wreply'));
  if (wa !== WA_SIGNIN) return { action: wa, wreply };

  const wtrealm = read('wtrealm');
  if (wtrealm === null || wtrealm === '') throw wsfedError('wtrealm_missing', 'wtrealm', 'the sign-in request has no wtrealm');
  if (wtrealm !== ENTRA_REALM) throw wsfedError('wtrealm_unknown', 'wtrealm', `wtrealm must be ${ENTRA_REALM}`);
  const wfresh = nonEmpty(read('wfresh'));
  if (wfresh !== null && !WFRESH.test(wfresh)) throw wsfedError('wfresh_invalid', 'wfresh', 'wfresh must be a number of minutes');
  const prompt = nonEmpty(read('prompt'));
  return {
    action: wa,
    wtrealm,
    wctx: read('wctx'),
    wreply,
    username: nonEmpty(read('username')),
    fresh: (wfresh !== null && Number(wfresh) === 0) || (prompt !== null && prompt.split(' ').includes('login')),
    wauth: nonEmpty(read('wauth')),
  };
}

function readParam(params: Readonly<Record<string, unknown>>, name: Name): string | null {
  const value = Object.hasOwn(params, name) ? params[name] : undefined;
  if (value === undefined) return null;
  if (Array.isArray(value)) throw wsfedError('duplicate_parameter', name, `parameter ${name} appears more than once`);
  if (typeof value !== 'string') throw wsfedError('not_a_string', name, `parameter ${name} must be a single string`);
  if (value.length > MAX_BYTES[name] || Buffer.byteLength(value, 'utf8') > MAX_BYTES[name]) {
    throw wsfedError('too_long', name, `parameter ${name} is longer than ${MAX_BYTES[name]} bytes`);
  }
  return value;
}

function readReply(value: string | null): string | null {
  const wreply = nonEmpty(value);
  if (wreply === null) return null;
  const url = microsoftLoginUrl(wreply);
  if (url === null) throw wsfedError('wreply_not_microsoft', 'wreply', 'wreply must be an https URL on a Microsoft login host');
  return url;
}

function nonEmpty(value: string | null): string | null {
  return value === '' ? null : value;
}

function wsfedError(detail: string, parameter: Name, message: string): MfaError {
  return new MfaError('ERR_WSFED_REQUEST', message, { data: { detail, parameter } });
}
