// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../../agent/signin/create-web-sessions.js';
import { SIGNIN_FAILURES } from '../../../agent/signin/signin-messages.js';
import { entraAuthnRequest, postEncode } from '../../helpers/entra-oracle.js';
import { useTestAppliance } from '../../helpers/open-test-services.js';
import { ALICE, CAROL, HELEN, PASSWORD, openSigninWorld, submit, walkSignin, type SigninWorld } from '../../helpers/signin-world.js';
import { createWebClient, pageError, readForm, type WebClient, type WebResponse } from '../../helpers/web-client.js';

const start = useTestAppliance();

function startSaml(w: SigninWorld, client: WebClient): Promise<WebResponse> {
  return client.post('/federation/saml/sso', { SAMLRequest: postEncode(entraAuthnRequest({ issueInstant: w.clock.now() })) });
}

async function failures(w: SigninWorld): Promise<Array<[string | null, unknown, unknown]>> {
  return (await w.services.store.audit.recent(50, { event: 'signin.failed' })).map((r) => [r.subject, r.details.step, r.details.reason]);
}

describe('the sign-in transaction', () => {
  it('is single use: the completed transaction cannot be shown or submitted again', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const started = await startSaml(w, client);
    const codePage = await walkSignin(client, started, { code: null });
    expect((await submit(client, codePage, { code: w.code() })).body).toContain('id="autopost"');
    const again = await client.get(started.location ?? '');
    expect(again.status).toBe(400);
    expect(again.body).toContain('This sign-in has expired or was started in another browser');
    const resubmit = await submit(client, codePage, { code: w.nextCode() });
    expect(resubmit.status).toBe(400);
    expect(resubmit.body).not.toContain('id="autopost"');
  });

  it('expires after federation.signin.transactionSeconds', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const started = await startSaml(w, client);
    const page = await client.get(started.location ?? '');
    w.clock.advance(600_000);
    const late = await submit(client, page, { upn: ALICE });
    expect(late.status).toBe(400);
    expect(late.body).toContain('This sign-in has expired');
  });

  it('is bound to the browser that started it: another browser, or none, is refused', async () => {
    const w = await openSigninWorld(start);
    const victim = createWebClient(w.url);
    const started = await startSaml(w, victim);
    const attacker = createWebClient(w.url);
    await startSaml(w, attacker);
    expect(attacker.cookies.get('__Host-mfa_bind')).not.toBe(victim.cookies.get('__Host-mfa_bind'));
    expect((await attacker.get(started.location ?? '')).status).toBe(400);
    expect((await createWebClient(w.url).get(started.location ?? '')).status).toBe(400);
    const page = await victim.get(started.location ?? '');
    expect(page.status).toBe(200);
    const form = readForm(page.body);
    const stolen = await attacker.post('/signin', { ...form.fields, upn: ALICE });
    expect(stolen.status).toBe(400);
    const tx = await w.services.store.signin.get(form.fields.tx ?? '');
    expect(tx?.bindingHash).toBe(hashSessionToken(victim.cookies.get('__Host-mfa_bind') ?? ''));
    expect(tx?.state).toMatchObject({ step: 'upn' });
  });
});

describe('CSRF on POST /signin', () => {
  it.each([
    ['a missing form token', (f: Record<string, string>) => ({ ...f, csrf: '' }), {}],
    ['a wrong form token', (f: Record<string, string>) => ({ ...f, csrf: `${(f.csrf ?? '').slice(0, -1)}x` }), {}],
    ['a cross-site Origin', (f: Record<string, string>) => f, { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', (f: Record<string, string>) => f, { 'sec-fetch-site': 'cross-site' }],
  ])('%s → 403 page, the step not taken', async (_name, fields, headers) => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const page = await client.get((await startSaml(w, client)).location ?? '');
    const form = readForm(page.body);
    const res = await client.post('/signin', { ...fields(form.fields), upn: ALICE }, headers);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('ERR_CSRF');
    expect((await w.services.store.signin.get(form.fields.tx ?? ''))?.state).toMatchObject({ step: 'upn' });
  });

  it('accepts the form from the appliance\'s own origin', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const page = await client.get((await startSaml(w, client)).location ?? '');
    const res = await submit(client, page, { upn: ALICE }, { origin: w.rt.config.server.publicUrl, 'sec-fetch-site': 'same-origin' });
    expect(readForm(res.body).fields.step).toBe('password');
  });
});

describe('uniform failures', () => {
  it('wrong password and unknown user read the same; wrong code and no token read the same; the audit has the truth', async () => {
    const w = await openSigninWorld(start);
    const texts: Record<string, string | null> = {};
    for (const [name, upn, password] of [['wrong password', ALICE, 'not the password'], ['unknown user', 'nobody@contoso.com', PASSWORD]] as const) {
      const client = createWebClient(w.url);
      const page = await walkSignin(client, await startSaml(w, client), { upn, password, code: null });
      expect(readForm(page.body).fields.step, name).toBe('password');
      texts[name] = pageError(page.body);
    }
    expect(texts['wrong password']).toBe(SIGNIN_FAILURES.password);
    expect(texts['unknown user']).toBe(texts['wrong password']);
    for (const [name, upn, code] of [['wrong code', ALICE, '000000'], ['no token', CAROL, w.code()]] as const) {
      const client = createWebClient(w.url);
      const page = await walkSignin(client, await startSaml(w, client), { upn, code });
      expect(readForm(page.body).fields.step, name).toBe('code');
      texts[name] = pageError(page.body);
    }
    expect(texts['wrong code']).toBe(SIGNIN_FAILURES.code);
    expect(texts['no token']).toBe(texts['wrong code']);
    expect((await failures(w)).reverse()).toEqual([
      [ALICE, 'password', 'wrong_password'], ['nobody@contoso.com', 'password', 'unknown_user'], [ALICE, 'code', 'wrong_code'], [CAROL, 'code', 'no_token'],
    ]);
  });

  it('a UPN outside the federated domains is refused at the UPN step', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const page = await submit(client, await client.get((await startSaml(w, client)).location ?? ''), { upn: 'someone@example.org' });
    expect(readForm(page.body).fields.step).toBe('upn');
    expect(pageError(page.body)).toBe(SIGNIN_FAILURES.upn);
    expect(await failures(w)).toEqual([['someone@example.org', 'upn', 'outside_domain']]);
  });

  it('honours the password lockout: the right password is refused with the same message once locked', async () => {
    const w = await openSigninWorld(start, { policy: 'lockout: { password: { freeAttempts: 1, maxFailures: 2 } }' });
    for (const password of ['wrong one', 'wrong two', PASSWORD]) {
      const client = createWebClient(w.url);
      const page = await walkSignin(client, await startSaml(w, client), { password, code: null });
      expect(readForm(page.body).fields.step, password).toBe('password');
      expect(pageError(page.body)).toBe(SIGNIN_FAILURES.password);
      w.clock.advance(60_000);
    }
    expect((await failures(w))[0]).toEqual([ALICE, 'password', 'locked']);
  });

  it('honours the code lockout', async () => {
    const w = await openSigninWorld(start, { policy: 'lockout: { otp: { freeAttempts: 1, maxFailures: 2 } }' });
    const client = createWebClient(w.url);
    let page = await walkSignin(client, await startSaml(w, client), { code: '000000' });
    w.clock.advance(10_000);
    page = await submit(client, page, { code: '111111' });
    page = await submit(client, page, { code: w.nextCode() });
    expect(readForm(page.body).fields.step, page.body).toBe('code');
    expect(pageError(page.body)).toBe(SIGNIN_FAILURES.code);
    expect((await failures(w))[0]).toEqual([ALICE, 'code', 'locked']);
  });
});

describe('staff sign-in (GET /helpdesk/signin)', () => {
  it('signs helpdesk staff in with password and code, sets a rotated staff cookie and returns to returnTo', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    client.cookies.set('__Host-mfa_staff', 'A'.repeat(43));
    const started = await client.get('/helpdesk/signin?returnTo=/helpdesk/tokens/program');
    expect(started.status).toBe(303);
    const page = await client.get(started.location ?? '');
    expect(page.body).toContain('to the helpdesk console');
    const done = await walkSignin(client, started, { upn: HELEN, code: w.code() });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/helpdesk/tokens/program');
    const cookie = done.setCookies.find((c) => c.startsWith('__Host-mfa_staff='));
    expect(cookie).toMatch(/^__Host-mfa_staff=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    const token = client.cookies.get('__Host-mfa_staff') ?? '';
    expect(token).not.toBe('A'.repeat(43));
    const session = await w.services.store.sessions.get(hashSessionToken(token));
    const helen = await w.services.directory.users.get(HELEN);
    expect(session).toMatchObject({ kind: 'staff', userId: helen.id, data: { role: 'helpdesk' }, mfaAt: w.clock.now() });
    const [signedIn] = await w.services.store.audit.recent(1, { event: 'staff.signed_in' });
    expect(signedIn).toMatchObject({ actor: `staff:${HELEN}`, subject: HELEN, details: { role: 'helpdesk', clientIp: '127.0.0.1' } });
  });

  it('a user without a staff role gets the code step\'s uniform failure and no session', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const done = await walkSignin(client, await client.get('/helpdesk/signin'), { upn: ALICE, code: w.code() });
    expect(readForm(done.body).fields.step).toBe('code');
    expect(pageError(done.body)).toBe(SIGNIN_FAILURES.code);
    expect(client.cookies.has('__Host-mfa_staff')).toBe(false);
    expect((await failures(w))[0]).toEqual([ALICE, 'code', 'not_staff']);
  });

  it.each(['https://evil.example/helpdesk', '//evil.example/helpdesk', '/helpdesk/../api/v1', '/other', '/helpdesk\\..\\x', '/helpdesk/signin'])(
    'returnTo %s lands on /helpdesk', async (returnTo) => {
      const w = await openSigninWorld(start);
      const client = createWebClient(w.url);
      const done = await walkSignin(client, await client.get(`/helpdesk/signin?returnTo=${encodeURIComponent(returnTo)}`), { upn: HELEN, code: w.code() });
      expect(done.location).toBe('/helpdesk');
    },
  );
});

describe('static files', () => {
  it('serves the stylesheet and the autopost script from this origin', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const css = await client.get('/static/app.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    const js = await client.get('/static/autopost.js');
    expect([js.status, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(js.body).toContain("getElementById('autopost')");
  });
});
