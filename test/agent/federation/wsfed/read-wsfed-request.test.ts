// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../../../agent/errors.js';
import { readWsfedRequest } from '../../../../agent/federation/wsfed/read-wsfed-request.js';

const REALM = 'urn:federation:MicrosoftOnline';
const SIGNIN = { wa: 'wsignin1.0', wtrealm: REALM };

function refusal(params: Record<string, unknown>): unknown {
  try {
    readWsfedRequest(params);
  } catch (err) {
    return err;
  }
  return 'accepted';
}

describe('readWsfedRequest', () => {
  it('reads what Entra sends for a sign-in, ignoring unknown parameters', () => {
    expect(readWsfedRequest({
      'client-request-id': '3f1c…', wa: 'wsignin1.0', wtrealm: REALM, wctx: 'LoginOptions=3&estsredirect=2&estsrequest=rQIIA',
      username: 'alice@contoso.com', mkt: 'en-US', lc: '1033',
    })).toEqual({
      action: 'wsignin1.0', wtrealm: REALM, wctx: 'LoginOptions=3&estsredirect=2&estsrequest=rQIIA', wreply: null,
      username: 'alice@contoso.com', fresh: false, wauth: null,
    });
  });

  it.each([
    [{ wfresh: '0' }, true],
    [{ wfresh: '0', wauth: 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password' }, true],
    [{ prompt: 'login' }, true],
    [{ prompt: 'consent login' }, true],
    [{ wfresh: '5' }, false],
    [{ prompt: 'none' }, false],
    [{ wfresh: '' }, false],
  ])('fresh for wfresh=0 or prompt=login (%o → %s)', (params, fresh) => {
    expect(readWsfedRequest({ ...SIGNIN, ...params })).toMatchObject({ action: 'wsignin1.0', fresh });
  });

  it('keeps wauth, an empty wctx and a Microsoft wreply (normalised); empty optional values count as absent', () => {
    expect(readWsfedRequest({
      ...SIGNIN, wctx: '', wauth: 'http://schemas.microsoft.com/claims/multipleauthn', username: '',
      wreply: 'https://LOGIN.microsoftonline.com:443/login.srf',
    })).toEqual({
      action: 'wsignin1.0', wtrealm: REALM, wctx: '', wreply: 'https://login.microsoftonline.com/login.srf', username: null,
      fresh: false, wauth: 'http://schemas.microsoft.com/claims/multipleauthn',
    });
  });

  it.each(['wsignout1.0', 'wsignoutcleanup1.0'])('reads %s with or without a Microsoft wreply, without needing wtrealm', (wa) => {
    expect(readWsfedRequest({ wa })).toEqual({ action: wa, wreply: null });
    expect(readWsfedRequest({ wa, wreply: 'https://login.microsoftonline.com/logout.srf?x=1' }))
      .toEqual({ action: wa, wreply: 'https://login.microsoftonline.com/logout.srf?x=1' });
  });

  it.each([
    ['missing wa', { wtrealm: REALM }, 'wa_missing', 'wa'],
    ['empty wa', { wa: '', wtrealm: REALM }, 'wa_unknown', 'wa'],
    ['unknown wa', { wa: 'wattr1.0', wtrealm: REALM }, 'wa_unknown', 'wa'],
    ['wa in another case', { wa: 'WSIGNIN1.0', wtrealm: REALM }, 'wa_unknown', 'wa'],
    ['missing wtrealm', { wa: 'wsignin1.0' }, 'wtrealm_missing', 'wtrealm'],
    ['wrong wtrealm', { wa: 'wsignin1.0', wtrealm: 'urn:federation:Other' }, 'wtrealm_unknown', 'wtrealm'],
    ['wtrealm as the login URL', { wa: 'wsignin1.0', wtrealm: 'https://login.microsoftonline.com/login.srf' }, 'wtrealm_unknown', 'wtrealm'],
    ['sign-in wreply to another host', { ...SIGNIN, wreply: 'https://evil.example/login.srf' }, 'wreply_not_microsoft', 'wreply'],
    ['sign-in wreply over http', { ...SIGNIN, wreply: 'http://login.microsoftonline.com/login.srf' }, 'wreply_not_microsoft', 'wreply'],
    ['sign-out wreply to another host', { wa: 'wsignout1.0', wreply: 'https://login.microsoftonline.com.evil.example/' }, 'wreply_not_microsoft', 'wreply'],
    ['sign-out wreply with user info', { wa: 'wsignout1.0', wreply: 'https://login.microsoftonline.com@evil.example/' }, 'wreply_not_microsoft', 'wreply'],
    ['cleanup wreply that is relative', { wa: 'wsignoutcleanup1.0', wreply: '//evil.example/' }, 'wreply_not_microsoft', 'wreply'],
    ['duplicate wa', { wa: ['wsignin1.0', 'wsignout1.0'], wtrealm: REALM }, 'duplicate_parameter', 'wa'],
    ['duplicate wctx', { ...SIGNIN, wctx: ['a', 'b'] }, 'duplicate_parameter', 'wctx'],
    ['duplicate wreply on sign-out', { wa: 'wsignout1.0', wreply: ['https://login.microsoftonline.com/', 'https://evil.example/'] }, 'duplicate_parameter', 'wreply'],
    ['nested wtrealm', { wa: 'wsignin1.0', wtrealm: { toString: (): string => REALM } }, 'not_a_string', 'wtrealm'],
    ['oversized wctx', { ...SIGNIN, wctx: 'x'.repeat(4097) }, 'too_long', 'wctx'],
    ['wctx over 4 KiB in UTF-8', { ...SIGNIN, wctx: '\u00e9'.repeat(2049) }, 'too_long', 'wctx'],
    ['oversized username', { ...SIGNIN, username: `${'a'.repeat(251)}@x.com` }, 'too_long', 'username'],
    ['non-numeric wfresh', { ...SIGNIN, wfresh: '-1' }, 'wfresh_invalid', 'wfresh'],
  ])('refuses %s with ERR_WSFED_REQUEST', (_name, params, detail, parameter) => {
    const err = refusal(params);
    expect(err).toBeInstanceOf(MfaError);
    expect(err).toMatchObject({ code: 'ERR_WSFED_REQUEST', status: 400, expose: true, data: { detail, parameter } });
  });

  it('accepts a wctx of exactly 4 KiB and ignores a wa that is inherited rather than sent', () => {
    expect(readWsfedRequest({ ...SIGNIN, wctx: 'x'.repeat(4096) })).toMatchObject({ wctx: 'x'.repeat(4096) });
    const inherited = Object.create({ wa: 'wsignin1.0' }) as Record<string, unknown>;
    expect(refusal(inherited)).toMatchObject({ code: 'ERR_WSFED_REQUEST', data: { detail: 'wa_missing' } });
  });
});
