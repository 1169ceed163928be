// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createDeviceManager } from '../../../drivers/device-manager.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { SEED_PURPOSE } from '../../../agent/otp/seed-purpose.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { hashSessionToken } from '../../../agent/signin/create-web-sessions.js';
import { STOCK_TOKEN_FAILURES } from '../../../agent/tokens/activate-stock-token.js';
import { createTokenProgrammer } from '../../../agent/tokens/create-token-programmer.js';
import { EmulatedReaders } from '../../agent/tokens/emulated-readers.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { useTestAppliance, type TestAppliance } from '../../helpers/open-test-services.js';
import { createWebClient, pageError, readForm, type WebClient, type WebResponse } from '../../helpers/web-client.js';

const start = useTestAppliance();
const PAGE = '/me/tokens/activate';
const ALICE = 'alice@contoso.com';
const PASSWORD = 'correct horse battery staple';
const HELPDESK = { id: 'staff:helen@contoso.com', source: '10.1.1.1' };
const READER = 'Emulated PCD 00 00';
/** 10 s into a 30 s step. */
const T0 = Date.UTC(2026, 11, 1, 12, 0, 10);
const BIND = '__Host-mfa_bind';

interface World extends TestAppliance {
  serial: string;
  /** The stock token's code `steps` time steps from the appliance clock (oathtool). */
  code(steps?: number): string;
  /** The form page, for a new browser unless one is given. */
  form(client?: WebClient): Promise<{ client: WebClient; page: WebResponse }>;
}

/**
 * The daemon with cheap password hashes and one free attempt per factor, user alice, and one token the helpdesk
 * burnt into stock (an emulated YKOATH card programmed through the real programmer into the daemon's store).
 */
async function world(): Promise<World> {
  const a = await start([
    'directory: { password: { scrypt: { cost: 16384, blockSize: 1 } } }',
    'policy: { lockout: { otp: { freeAttempts: 1, maxFailures: 3 } } }',
  ].join('\n'), T0);
  const { services, clock, rt } = a;
  await services.directory.users.add({ upn: ALICE, displayName: 'Alice', password: PASSWORD }, HELPDESK);
  const readers = new EmulatedReaders([READER]);
  readers.insert(READER, new OathCardEmulator());
  const programmer = createTokenProgrammer({
    store: services.store, vault: services.vault, audit: services.audit, clock, random: createSystemRandom(), logger: createNullLogger(),
    devices: createDeviceManager({ backend: readers, clock }), verifier: services.otp, issuer: rt.config.otp.issuer,
    window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
    policy: { algorithm: 'SHA1', digits: 6, period: 30 },
  });
  const result = await programmer.program({ reader: READER, actor: HELPDESK }, () => undefined).done;
  if (!result.ok) throw result.error;
  const row = await services.store.tokens.getBySerial(result.serial);
  const seed = await services.vault.open(row?.seedSecretId ?? '', SEED_PURPOSE);
  return {
    ...a, serial: result.serial,
    code: (steps = 0) => oathtoolTotp(seed, { at: Math.floor(clock.now() / 1000) + steps * 30 }),
    async form(client = createWebClient(a.url)) {
      return { client, page: await client.get(PAGE) };
    },
  };
}

/** Posts the page's form (hidden fields kept) with `values`. */
function post(client: WebClient, page: WebResponse, values: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
  const form = readForm(page.body);
  return client.post(form.action, { ...form.fields, ...values }, headers);
}

const tokenOf = (w: World) => w.services.store.tokens.getBySerial(w.serial);
const assigned = async (w: World) => (await w.services.store.audit.recent(20, { event: 'token.assigned' })).map((r) => [r.outcome, r.details.reason ?? r.details.state]);

describe('GET /me/tokens/activate', () => {
  it('shows a plain form with its form token, bound to the browser by a server-side self transaction', async () => {
    const w = await world();
    const { client, page } = await w.form();
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).not.toMatch(/<script|\son[a-z]+=|style=/);
    expect(page.body).toMatch(/<input id="upn" name="upn" type="text"[^>]* autocomplete="username"/);
    expect(page.body).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);
    expect(page.body).toMatch(/<input id="serial" name="serial"/);
    expect(page.body).toMatch(/<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"/);
    const form = readForm(page.body);
    expect(form).toMatchObject({ action: PAGE, method: 'post' });
    expect(form.fields.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.setCookies.find((c) => c.startsWith(`${BIND}=`))).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=None$/);
    const tx = await w.services.store.signin.get(form.fields.tx ?? '');
    expect(tx).toMatchObject({ purpose: 'self', csrf: form.fields.csrf, request: { page: 'activate-token' }, bindingHash: hashSessionToken(client.cookies.get(BIND) ?? ''), completedAt: null });
    // The same browser keeps its binding cookie; /signin refuses the self-service transaction.
    expect((await client.get(PAGE)).setCookies).toEqual([]);
    const signin = await client.get(`/signin?tx=${form.fields.tx ?? ''}`);
    expect(signin.status).toBe(400);
    expect(signin.body).toContain('ERR_SIGNIN_EXPIRED');
  });
});

describe('CSRF on POST /me/tokens/activate', () => {
  it.each([
    ['no form token', (f: Record<string, string>) => ({ ...f, csrf: '' }), {}, false],
    ['a wrong form token', (f: Record<string, string>) => ({ ...f, csrf: `${(f.csrf ?? '').slice(0, -1)}x` }), {}, false],
    ['an unknown transaction', (f: Record<string, string>) => ({ ...f, tx: 'A'.repeat(22) }), {}, false],
    ['a cross-site Origin', (f: Record<string, string>) => f, { origin: 'https://evil.example' }, false],
    ['Sec-Fetch-Site: cross-site', (f: Record<string, string>) => f, { 'sec-fetch-site': 'cross-site' }, false],
    ['another browser', (f: Record<string, string>) => f, {}, true],
  ])('%s → 403 page, nothing tried', async (_name, fields, headers, otherBrowser) => {
    const w = await world();
    const { client, page } = await w.form();
    const sender = otherBrowser ? (await w.form()).client : client;
    const res = await sender.post(PAGE, { ...fields(readForm(page.body).fields), upn: ALICE, password: PASSWORD, serial: w.serial, code: w.code(1) }, headers);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('ERR_CSRF');
    expect(await tokenOf(w)).toMatchObject({ state: 'programmed', userId: null });
    expect(await w.services.store.audit.recent(5, { event: 'user.password_verified' })).toEqual([]);
    expect(await assigned(w)).toEqual([]);
  });
});

describe('POST /me/tokens/activate', () => {
  it('activates the stock token for the user: the token is theirs and active, audited, the form used up', async () => {
    const w = await world();
    const { client, page } = await w.form();
    const done = await post(client, page, { upn: ALICE, password: PASSWORD, serial: w.serial, code: w.code(1) }, { origin: w.url, 'sec-fetch-site': 'same-origin' });
    expect(done.status).toBe(200);
    expect(done.body).toContain(`Token ${w.serial} is now yours; use it to sign in.`);
    const alice = await w.services.directory.users.get(ALICE);
    expect(await tokenOf(w)).toMatchObject({ state: 'active', userId: alice.id });
    const [activated] = await w.services.store.audit.recent(1, { event: 'token.activated' });
    expect(activated).toMatchObject({ actor: `user:${ALICE}`, source: '127.0.0.1', subject: w.serial, outcome: 'success', details: { userId: alice.id } });
    const [assignment] = await w.services.store.audit.recent(1, { event: 'token.assigned' });
    expect(assignment).toMatchObject({ actor: `user:${ALICE}`, source: '127.0.0.1', subject: w.serial, outcome: 'success', details: { userId: alice.id, upn: ALICE, state: 'active', via: 'self-service' } });
    expect((await w.services.store.signin.get(readForm(page.body).fields.tx ?? ''))?.completedAt).toBe(w.clock.now());
    const again = await post(client, page, { upn: ALICE, password: PASSWORD, serial: w.serial, code: w.code(1) });
    expect(again.status).toBe(403);
    expect(again.body).toContain('This form has expired');
  });

  it('answers a wrong code and an unknown serial with one message, keeps UPN and serial but never the password or code, then the lockout message', async () => {
    const w = await world();
    const { client, page } = await w.form();
    const wrongCode = await post(client, page, { upn: ALICE, password: PASSWORD, serial: w.serial, code: '000000' });
    expect(wrongCode.status).toBe(200);
    expect(pageError(wrongCode.body)).toBe(STOCK_TOKEN_FAILURES.rejected);
    expect(readForm(wrongCode.body).fields).toMatchObject({ upn: ALICE, serial: w.serial, password: '', code: '' });
    expect(wrongCode.body).not.toContain(PASSWORD);
    w.clock.advance(5_000);
    const unknown = await post(client, wrongCode, { password: PASSWORD, serial: 'NO-SUCH-1', code: w.code(1) });
    expect(pageError(unknown.body)).toBe(STOCK_TOKEN_FAILURES.rejected);
    const locked = await post(client, unknown, { password: PASSWORD, serial: w.serial, code: w.code(1) });
    expect(pageError(locked.body)).toBe(STOCK_TOKEN_FAILURES.locked);
    expect(await tokenOf(w)).toMatchObject({ state: 'programmed', userId: null });
    expect((await assigned(w)).reverse()).toEqual([['failure', 'wrong_code'], ['failure', 'unknown_serial'], ['denied', 'locked']]);
  });
});
