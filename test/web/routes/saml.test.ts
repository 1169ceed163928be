// SPDX-License-Identifier: UNLICENSED
import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { signingKeysFor } from '../../../agent/cli/signing-keys-for.js';
import { hashSessionToken } from '../../../agent/signin/create-web-sessions.js';
import {
  entraAuthnRequest, INSIDE_CORPNET, LOGIN_SRF, MULTIPLE_AUTHN, PERSISTENT, postEncode, readSamlClaims, redirectQuery,
  SAML2_ASSERTION_ID, validateAsEntra, xmlsecVerify,
} from '../../helpers/entra-oracle.js';
import { useTestAppliance } from '../../helpers/open-test-services.js';
import { ALICE, openSigninWorld, submit, walkSignin, type SigninWorld } from '../../helpers/signin-world.js';
import { createWebClient, readForm, type WebClient, type WebResponse } from '../../helpers/web-client.js';

const start = useTestAppliance();
const SSO = '/federation/saml/sso';

function postRequest(client: WebClient, xml: string, extra: Record<string, string> = {}): Promise<WebResponse> {
  return client.post(SSO, { SAMLRequest: postEncode(xml), ...extra });
}

/** The auto-posting form of a federation response page. */
function autopost(page: WebResponse) {
  expect(page.status, page.body).toBe(200);
  const form = readForm(page.body);
  expect(form).toMatchObject({ action: LOGIN_SRF, method: 'post' });
  expect(page.body).toContain('<form id="autopost"');
  expect(page.body).toContain('<script src="/static/autopost.js" defer></script>');
  expect(page.body).toMatch(/<noscript>[\s\S]*<button type="submit">Continue<\/button>[\s\S]*<\/noscript>/);
  expect(page.body).not.toMatch(/<script>|\son[a-z]+=|style=/i);
  return form;
}

async function auditEvents(w: SigninWorld, event: string) {
  return w.services.store.audit.recent(50, { event });
}

describe('SAML 2.0 sign-in over HTTP (Entra played by the test)', () => {
  it('two sign-ins started in two tabs of one browser share its binding: both stay usable', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const first = await postRequest(client, entraAuthnRequest({ id: `_${randomUUID()}`, issueInstant: w.clock.now() }), {});
    const binding = client.cookies.get('__Host-mfa_bind');
    const second = await postRequest(client, entraAuthnRequest({ id: `_${randomUUID()}`, issueInstant: w.clock.now() }), {});
    expect(second.setCookies.some((c) => c.startsWith('__Host-mfa_bind='))).toBe(false);
    expect(client.cookies.get('__Host-mfa_bind')).toBe(binding);
    for (const started of [first, second]) {
      const page = await client.get(started.location ?? '');
      expect(page.status).toBe(200);
      expect(readForm(page.body).fields).toMatchObject({ step: 'upn' });
    }
  });

  it('POST AuthnRequest → UPN → password → code → a Response node-saml (as Entra) and xmlsec1 accept, with every claim', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const id = `_${randomUUID()}`;
    const started = await postRequest(client, entraAuthnRequest({ id, issueInstant: w.clock.now() }), { RelayState: 'rs-42' });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(/^\/signin\?tx=[A-Za-z0-9_-]{22}$/);
    expect(started.setCookies.join('\n')).toMatch(/__Host-mfa_bind=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=None/);

    const upnPage = await client.get(started.location ?? '');
    expect(upnPage.status).toBe(200);
    expect(upnPage.headers['content-security-policy']).toContain("script-src 'self'");
    expect(upnPage.headers['content-security-policy']).toContain("form-action 'self' https://login.microsoftonline.com");
    expect(upnPage.headers['cache-control']).toBe('no-store');
    expect(upnPage.body).toMatch(/<input id="upn" name="upn" type="text"[^>]*autocomplete="username"/);
    expect(readForm(upnPage.body).fields).toMatchObject({ step: 'upn', csrf: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown });
    const passwordPage = await submit(client, upnPage, { upn: ALICE });
    expect(passwordPage.body).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);
    const codePage = await submit(client, passwordPage, { password: 'correct horse battery staple' });
    expect(codePage.body).toMatch(/<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"/);
    w.clock.advance(4000);
    const codeAt = w.clock.now();
    const done = await submit(client, codePage, { code: w.code() });
    const form = autopost(done);
    expect(form.fields.RelayState).toBe('rs-42');
    expect(client.cookies.get('__Host-mfa_sso')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
    const profile = await validateAsEntra(form.fields.SAMLResponse ?? '', w.certPem);
    const alice = await w.services.directory.users.get(ALICE);
    const issuer = `${w.rt.config.server.publicUrl}/federation/contoso.com`;
    expect(profile).toMatchObject({ issuer, nameID: alice.immutableId, nameIDFormat: PERSISTENT, IDPEmail: ALICE });
    const verified = xmlsecVerify(xml, w.certPem, SAML2_ASSERTION_ID);
    expect(verified.ok, verified.output).toBe(true);
    const claims = readSamlClaims(xml);
    expect(claims).toEqual({
      destination: LOGIN_SRF, inResponseTo: id, responseIssuer: issuer, status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      assertionIssuer: issuer, nameId: alice.immutableId, nameIdFormat: PERSISTENT, recipient: LOGIN_SRF, confirmationInResponseTo: id,
      audience: 'urn:federation:MicrosoftOnline', authnInstant: new Date(codeAt).toISOString(), sessionIndex: started.location?.slice('/signin?tx='.length),
      authnContext: MULTIPLE_AUTHN, attributes: { IDPEmail: [ALICE], [INSIDE_CORPNET]: ['false'] },
    });
    const [issued] = await auditEvents(w, 'federation.token_issued');
    expect(issued).toMatchObject({
      subject: ALICE, source: '127.0.0.1',
      details: { protocol: 'saml', issuer, domain: 'contoso.com', inResponseTo: id, mfa: true, insideCorporateNetwork: false, authnContext: MULTIPLE_AUTHN, authnInstant: new Date(codeAt).toISOString() },
    });
    const [succeeded] = await auditEvents(w, 'signin.succeeded');
    expect(succeeded).toMatchObject({ subject: ALICE, details: { purpose: 'saml', mfa: true, sso: false, clientIp: '127.0.0.1', insideCorporateNetwork: false } });
  });

  it('reuses the SSO session without a password (AuthnInstant of the original code); ForceAuthn and prompt=login force password and code', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const firstCodeAt = w.clock.now();
    autopost(await walkSignin(client, await postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now() })), { code: w.code() }));
    const firstSso = client.cookies.get('__Host-mfa_sso');

    w.clock.advance(60_000);
    const again = await postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now() }));
    const reused = autopost(await client.get(again.location ?? ''));
    const reusedClaims = readSamlClaims(Buffer.from(reused.fields.SAMLResponse ?? '', 'base64').toString('utf8'));
    expect(reusedClaims).toMatchObject({ authnInstant: new Date(firstCodeAt).toISOString(), authnContext: MULTIPLE_AUTHN, nameId: (await w.services.directory.users.get(ALICE)).immutableId });
    expect(client.cookies.get('__Host-mfa_sso')).toBe(firstSso);
    expect((await auditEvents(w, 'signin.succeeded'))[0]).toMatchObject({ details: { sso: true, mfa: true } });

    for (const [name, send] of [
      ['ForceAuthn', () => postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now(), attributes: ' ForceAuthn="true"' }))],
      ['prompt=login', () => postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now() }), { prompt: 'login' })],
    ] as const) {
      const forced = await send();
      const first = await client.get(forced.location ?? '');
      expect(readForm(first.body).fields.step, name).toBe('upn');
      const codePage = await walkSignin(client, forced, { code: null });
      expect(readForm(codePage.body).fields.step, name).toBe('code');
      const codeAt = w.clock.now() + 30_000;
      const form = autopost(await submit(client, codePage, { code: w.nextCode() }));
      expect(readSamlClaims(Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8')).authnInstant, name).toBe(new Date(codeAt).toISOString());
      expect(client.cookies.get('__Host-mfa_sso'), `${name}: the session is rotated`).not.toBe(firstSso);
    }
  });

  it('accepts the HTTP-Redirect binding and answers with the same auto-posting form', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const id = `_${randomUUID()}`;
    const started = await client.get(`${SSO}?${redirectQuery(entraAuthnRequest({ id, issueInstant: w.clock.now() }), 'relay')}`);
    const form = autopost(await walkSignin(client, started, { code: w.code() }));
    expect(form.fields.RelayState).toBe('relay');
    expect(readSamlClaims(Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8')).inResponseTo).toBe(id);
  });

  it('SLO: a LogoutRequest (HTTP-Redirect) ends the SSO session and posts a signed LogoutResponse back to login.srf', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    autopost(await walkSignin(client, await postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now() })), { code: w.code() }));
    const sso = client.cookies.get('__Host-mfa_sso') ?? '';
    const alice = await w.services.directory.users.get(ALICE);
    const id = `_${randomUUID()}`;
    const logout = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${id}" Version="2.0" IssueInstant="${new Date(w.clock.now()).toISOString()}">`
      + '<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">urn:federation:MicrosoftOnline</Issuer>'
      + `<NameID xmlns="urn:oasis:names:tc:SAML:2.0:assertion" Format="${PERSISTENT}">${alice.immutableId}</NameID></samlp:LogoutRequest>`;
    const form = autopost(await client.get(`/federation/saml/slo?${redirectQuery(logout, 'bye')}`));
    expect(form.fields.RelayState).toBe('bye');
    const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
    expect(xml).toMatch(new RegExp(`^<samlp:LogoutResponse [^>]*Destination="${LOGIN_SRF}"[^>]*InResponseTo="${id}"`));
    expect(xml).toContain(`${w.rt.config.server.publicUrl}/federation/contoso.com</Issuer>`);
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    const verified = xmlsecVerify(xml, w.certPem, ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse']);
    expect(verified.ok, verified.output).toBe(true);
    expect(client.cookies.has('__Host-mfa_sso')).toBe(false);
    expect(await w.services.store.sessions.get(hashSessionToken(sso))).toBeNull();
    const [signedOut] = await auditEvents(w, 'signin.signed_out');
    expect(signedOut).toMatchObject({ subject: ALICE, details: { kind: 'sso', protocol: 'saml', sessions: 1 } });
    const again = await postRequest(client, entraAuthnRequest({ issueInstant: w.clock.now() }));
    expect(readForm((await client.get(again.location ?? '')).body).fields.step).toBe('upn');
  });

  it('serves signed metadata per domain issuer; an unknown domain is a 404 page', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const base = w.rt.config.server.publicUrl;
    const contoso = await client.get('/federation/saml/metadata.xml');
    expect(contoso.status).toBe(200);
    expect(contoso.headers['content-type']).toContain('application/samlmetadata+xml');
    expect(contoso.body).toContain(`entityID="${base}/federation/contoso.com"`);
    expect(contoso.body).toContain(`Location="${base}/federation/saml/sso"`);
    const pem = w.certPem.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(contoso.body).toContain(pem);
    const verified = xmlsecVerify(contoso.body, w.certPem, ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor']);
    expect(verified.ok, verified.output).toBe(true);
    expect((await client.get('/federation/saml/metadata.xml?domain=fabrikam.com')).body).toContain(`entityID="${base}/federation/fabrikam.com"`);
    const next = await signingKeysFor(w.services, w.rt).generateNext({ id: 'cli:test', source: 'cli' });
    const rollover = await client.get('/federation/saml/metadata.xml');
    const published = [...rollover.body.matchAll(/<ds:X509Certificate>([^<]+)</g)].map((m) => m[1]);
    expect(published.slice(-2)).toEqual([pem, next.certificateDer.toString('base64')]);
    const unknown = await client.get('/federation/saml/metadata.xml?domain=example.org');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
  });
});

describe('bad SAML input at the HTTP layer', () => {
  const bomb = () => `SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.alloc(4 * 1024 * 1024, 0x20)).toString('base64'))}`;
  const cases: Array<[string, (w: SigninWorld, c: WebClient) => Promise<WebResponse>, RegExp]> = [
    ['not base64', (_w, c) => c.post(SSO, { SAMLRequest: '!!not base64!!' }), /not base64/],
    ['not XML', (_w, c) => c.post(SSO, { SAMLRequest: postEncode('hello, world') }), /malformed XML/],
    ['an oversized SAMLRequest', (_w, c) => c.post(SSO, { SAMLRequest: 'A'.repeat(100 * 1024) }), /longer than/],
    ['a deflate bomb (HTTP-Redirect)', (_w, c) => c.get(`${SSO}?${bomb()}`), /inflates to more than/],
    ['a DOCTYPE', (w, c) => postRequest(c, entraAuthnRequest({ issueInstant: w.clock.now(), prolog: '<!DOCTYPE x [<!ENTITY a "b">]>' })), /markup declarations are not accepted \(found &lt;!DOCTYPE\)/],
    ['a wrong Issuer', (w, c) => postRequest(c, entraAuthnRequest({ issueInstant: w.clock.now(), issuer: 'https://evil.example/sp' })), /issuer/i],
    ['an ACS that is not login.srf', (w, c) => postRequest(c, entraAuthnRequest({ issueInstant: w.clock.now(), attributes: ' AssertionConsumerServiceURL="https://evil.example/acs"' })), /AssertionConsumerServiceURL/],
  ];

  it.each(cases)('%s → a 400 HTML page with the reason, no stack, audited', async (_name, send, reason) => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const t0 = performance.now();
    const res = await send(w, client);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(res.status, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('The sign-in request was refused');
    expect(res.body).toMatch(reason);
    expect(res.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    const [rejected] = await w.services.store.audit.recent(1, { event: 'federation.request_rejected' });
    expect(rejected).toMatchObject({ outcome: 'denied', details: { protocol: 'saml', endpoint: SSO, clientIp: '127.0.0.1' } });
  });

  it('a replayed AuthnRequest ID is refused with 400', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const xml = entraAuthnRequest({ issueInstant: w.clock.now() });
    expect((await postRequest(client, xml)).status).toBe(303);
    const replay = await postRequest(client, xml);
    expect(replay.status).toBe(400);
    expect(replay.body).toMatch(/replayed/);
  });

  it('a form body beyond the SAML cap is a 413 page', async () => {
    const w = await openSigninWorld(start);
    const res = await createWebClient(w.url).post(SSO, `SAMLRequest=${'A'.repeat(400 * 1024)}`);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
