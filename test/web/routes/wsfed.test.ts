// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../../agent/signin/create-web-sessions.js';
import { INSIDE_CORPNET, LOGIN_SRF, MULTIPLE_AUTHN, PASSWORD_PROTECTED, readWsfedClaims, SAML11_ASSERTION_ID, xmlsecVerify } from '../../helpers/entra-oracle.js';
import { useTestAppliance } from '../../helpers/open-test-services.js';
import { BOB, openSigninWorld, submit, walkSignin } from '../../helpers/signin-world.js';
import { createWebClient, readForm, type WebClient } from '../../helpers/web-client.js';

const start = useTestAppliance();
const REALM = 'urn:federation:MicrosoftOnline';

function signin(client: WebClient, extra = ''): ReturnType<WebClient['get']> {
  return client.get(`/federation/wsfed?wa=wsignin1.0&wtrealm=${encodeURIComponent(REALM)}&wctx=${encodeURIComponent('LoginOptions=3&estsredirect=2&x=<&>')}&username=${encodeURIComponent(BOB)}&mkt=en-US${extra}`);
}

describe('WS-Federation passive sign-in over HTTP', () => {
  it('wsignin1.0 → password → code → an RSTR xmlsec1 verifies, wctx echoed, every claim', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const started = await signin(client);
    expect(started.status).toBe(303);
    const first = await client.get(started.location ?? '');
    expect(readForm(first.body).fields).toMatchObject({ step: 'upn', upn: BOB });
    const codePage = await walkSignin(client, started, { upn: BOB, code: null });
    w.clock.advance(2000);
    const codeAt = w.clock.now();
    const done = await submit(client, codePage, { code: w.code() });
    expect(done.status).toBe(200);
    const form = readForm(done.body);
    expect(form.action).toBe(LOGIN_SRF);
    expect(Object.keys(form.fields).sort()).toEqual(['wa', 'wctx', 'wresult']);
    expect(form.fields).toMatchObject({ wa: 'wsignin1.0', wctx: 'LoginOptions=3&estsredirect=2&x=<&>' });
    const wresult = form.fields.wresult ?? '';
    const verified = xmlsecVerify(wresult, w.certPem, SAML11_ASSERTION_ID);
    expect(verified.ok, verified.output).toBe(true);
    const bob = await w.services.directory.users.get(BOB);
    const issuer = `${w.rt.config.server.publicUrl}/federation/fabrikam.com`;
    const claims = readWsfedClaims(wresult);
    expect(claims).toMatchObject({
      appliesTo: REALM, issuer, audience: REALM, authenticationMethod: MULTIPLE_AUTHN, authenticationInstant: new Date(codeAt).toISOString(),
    });
    expect(claims.attributes).toMatchObject({
      'http://schemas.xmlsoap.org/claims/UPN': [BOB],
      'http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID': [bob.immutableId],
      'http://schemas.microsoft.com/claims/authnmethodsreferences': [MULTIPLE_AUTHN],
      [INSIDE_CORPNET]: ['false'],
    });
    const [issued] = await w.services.store.audit.recent(1, { event: 'federation.token_issued' });
    expect(issued).toMatchObject({ subject: BOB, details: { protocol: 'wsfed', issuer, domain: 'fabrikam.com', assertionId: claims.assertionId, mfa: true } });
  });

  it('reuses the SSO session; wfresh=0 and prompt=login force password and code', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const codeAt = w.clock.now();
    await walkSignin(client, await signin(client), { upn: BOB, code: w.code() });
    w.clock.advance(5000);
    const reused = readForm((await client.follow((await signin(client)).location ?? '')).body);
    expect(reused.action).toBe(LOGIN_SRF);
    expect(readWsfedClaims(reused.fields.wresult ?? '').authenticationInstant).toBe(new Date(codeAt).toISOString());
    for (const extra of ['&wfresh=0', '&prompt=login']) {
      const forced = await signin(client, extra);
      const codePage = await walkSignin(client, forced, { upn: BOB, code: null });
      expect(readForm(codePage.body).fields.step, extra).toBe('code');
      const done = readForm((await submit(client, codePage, { code: w.nextCode() })).body);
      expect(readWsfedClaims(done.fields.wresult ?? '').authenticationInstant, extra).toBe(new Date(w.clock.now()).toISOString());
    }
  });

  it('wauth=multipleauthn forbids skipping the code even on a trusted network', async () => {
    const w = await openSigninWorld(start, { skipCode: true });
    const client = createWebClient(w.url, { localAddress: '127.0.0.2' });
    const skipped = await walkSignin(client, await signin(client), { upn: BOB, code: null });
    const claims = readWsfedClaims(readForm(skipped.body).fields.wresult ?? '');
    expect(claims.authenticationMethod).toBe(PASSWORD_PROTECTED);
    expect(claims.attributes[INSIDE_CORPNET]).toEqual(['true']);
    const other = createWebClient(w.url, { localAddress: '127.0.0.2' });
    const page = await walkSignin(other, await signin(other, `&wauth=${encodeURIComponent(MULTIPLE_AUTHN)}`), { upn: BOB, code: null });
    expect(readForm(page.body).fields.step).toBe('code');
  });

  it('wsignout1.0 ends the SSO session and redirects to a Microsoft wreply; without wreply a signed-out page; wsignoutcleanup1.0 too', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    await walkSignin(client, await signin(client), { upn: BOB, code: w.code() });
    const token = client.cookies.get('__Host-mfa_sso') ?? '';
    expect(await w.services.store.sessions.get(hashSessionToken(token))).not.toBeNull();
    const out = await client.get(`/federation/wsfed?wa=wsignout1.0&wreply=${encodeURIComponent('https://login.microsoftonline.com/logout.srf')}`);
    expect([out.status, out.location]).toEqual([303, 'https://login.microsoftonline.com/logout.srf']);
    expect(await w.services.store.sessions.get(hashSessionToken(token))).toBeNull();
    expect(client.cookies.has('__Host-mfa_sso')).toBe(false);
    const [signedOut] = await w.services.store.audit.recent(1, { event: 'signin.signed_out' });
    expect(signedOut).toMatchObject({ subject: BOB, details: { kind: 'sso', protocol: 'wsfed', sessions: 1 } });
    const page = await client.get('/federation/wsfed?wa=wsignoutcleanup1.0');
    expect(page.status).toBe(200);
    expect(page.body).toContain('You are signed out');
    expect((await w.services.store.audit.recent(1, { event: 'signin.signed_out' }))[0]?.details).toMatchObject({ sessions: 0 });
  });

  it.each([
    ['an unknown wa', '/federation/wsfed?wa=wsignin2.0', /wa must be/],
    ['no wa', '/federation/wsfed?wtrealm=x', /no wa parameter/],
    ['a wrong realm', '/federation/wsfed?wa=wsignin1.0&wtrealm=urn:evil', /wtrealm must be/],
    ['a foreign wreply', `/federation/wsfed?wa=wsignout1.0&wreply=${encodeURIComponent('https://evil.example/')}`, /wreply/],
    ['a repeated wa', '/federation/wsfed?wa=wsignin1.0&wa=wsignout1.0', /more than once/],
  ])('%s → 400 HTML page, audited, no redirect', async (_name, path, reason) => {
    const w = await openSigninWorld(start);
    const res = await createWebClient(w.url).get(path);
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(reason);
    expect(res.body).not.toMatch(/\n\s+at |node_modules/);
    const [rejected] = await w.services.store.audit.recent(1, { event: 'federation.request_rejected' });
    expect(rejected).toMatchObject({ details: { protocol: 'wsfed', endpoint: '/federation/wsfed', reason: 'ERR_WSFED_REQUEST', clientIp: '127.0.0.1' } });
  });

  it('serves signed FederationMetadata.xml', async () => {
    const w = await openSigninWorld(start);
    const res = await createWebClient(w.url).get('/FederationMetadata/2007-06/FederationMetadata.xml?domain=fabrikam.com');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(res.body).toContain(`entityID="${w.rt.config.server.publicUrl}/federation/fabrikam.com"`);
    expect(res.body).toContain(`${w.rt.config.server.publicUrl}/federation/wsfed`);
  });
});
