// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { OathCardEmulator } from '../../drivers/emulator/oath-card-emulator.js';
import type { CardEmulator } from '../../drivers/emulator/card-emulator.js';
import { Token2TokenEmulator } from '../../drivers/emulator/token2-token-emulator.js';
import { INS_WRITE_SEED } from '../../drivers/protocol/token2/token2-apdus.js';
import { DriverError } from '../../drivers/core/errors.js';
import { createProgramConsole } from '../../agent/helpdesk/create-program-console.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { createSystemRandom } from '../../agent/ports/random.js';
import { hashSessionToken } from '../../agent/signin/create-web-sessions.js';
import { PROGRAM_TOKEN_JS } from '../../web/static/program-token-js.js';
import { READER, UnknownCard, until } from '../agent/helpdesk/console-world.js';
import { events, IDLE_MS, readEventStream, useHelpdeskWorld, type HelpdeskWorld } from './helpdesk-world.js';

const world = useHelpdeskWorld();
const PROGRAM = '/helpdesk/tokens/program';

function get(w: HelpdeskWorld, path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${w.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

function post(w: HelpdeskWorld, path: string, cookie: string | undefined, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${w.url}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields), headers: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

async function startJob(w: HelpdeskWorld, s: { cookie: string; csrf: string }, fields: Record<string, string>): Promise<string> {
  const res = await post(w, PROGRAM, s.cookie, { csrf: s.csrf, reader: READER, ...fields });
  expect(res.status).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(location).toMatch(/^\/helpdesk\/tokens\/program\/jobs\/[0-9a-f-]{36}$/);
  return location;
}

describe('helpdeskRoutes: authorization', () => {
  it('sends a visitor without a session to the staff sign-in with the way back; the event stream answers 401', async () => {
    const w = await world();
    for (const path of ['/helpdesk', PROGRAM, `${PROGRAM}/jobs/x?y=1`]) {
      const res = await get(w, path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/helpdesk/signin?returnTo=${encodeURIComponent(path)}`);
    }
    const forged = await get(w, '/helpdesk', '__Host-mfa_staff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(303);
    expect(forged.headers.get('set-cookie')).toMatch(/^__Host-mfa_staff=;.*Expires=Thu, 01 Jan 1970/);
    const stream = await get(w, `${PROGRAM}/jobs/x/events`);
    expect(stream.status).toBe(401);
    expect(await stream.json()).toEqual({ code: 'ERR_UNAUTHORIZED', message: 'sign in to the helpdesk console' });
    const posted = await post(w, `${PROGRAM}/jobs/x/cancel`, undefined, { csrf: 'x' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/helpdesk/signin?returnTo=${encodeURIComponent(`${PROGRAM}/jobs/x`)}`);
    expect(w.console.list()).toEqual([]);
  });

  it('refuses with a 403 page a session whose user no longer holds a staff role, and a session with no role', async () => {
    const w = await world();
    const s = await w.signIn('other@contoso.com');
    expect((await get(w, '/helpdesk', s.cookie)).status).toBe(200);
    await w.services.directory.staff.revoke('other@contoso.com', { id: 'cli:test', source: 'cli' });
    const res = await get(w, PROGRAM, s.cookie);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Your account has no helpdesk role');
    // Without the directory check, the session's recorded role decides: none recorded, none granted.
    const bare = await world({ roleOf: undefined });
    const alice = await bare.signIn('alice@contoso.com', 'nobody' as never);
    expect((await get(bare, '/helpdesk', alice.cookie)).status).toBe(403);
    expect((await get(bare, `${PROGRAM}/jobs/x/events`, alice.cookie)).status).toBe(403);
  });

  it('ends a session idle longer than helpdesk.session.idleMinutes: the next request goes to sign-in and the row is gone', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    w.clock.advance(IDLE_MS - 1000);
    expect((await get(w, '/helpdesk', s.cookie)).status).toBe(200);
    w.clock.advance(IDLE_MS - 1000);
    expect((await get(w, '/helpdesk', s.cookie)).status).toBe(200);
    w.clock.advance(IDLE_MS + 1);
    const res = await get(w, PROGRAM, s.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/helpdesk/signin?returnTo=${encodeURIComponent(PROGRAM)}`);
    expect(await w.services.store.sessions.get(hashSessionToken(s.token))).toBeNull();
  });

  it('refuses a POST without the form token, with a wrong one, or from another site (403), and starts nothing', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ reader: READER, target: 'stock' }, {}],
      [{ csrf: `${s.csrf.slice(0, -1)}${s.csrf.endsWith('A') ? 'B' : 'A'}`, reader: READER, target: 'stock' }, {}],
      [{ csrf: s.csrf, reader: READER, target: 'stock' }, { 'sec-fetch-site': 'cross-site' }],
      [{ csrf: s.csrf, reader: READER, target: 'stock' }, { origin: 'https://evil.example' }],
      [{ csrf: s.csrf, reader: READER, target: 'stock' }, { origin: 'null' }],
      [{ csrf: s.csrf, reader: READER, target: 'stock' }, { origin: 'null', 'sec-fetch-site': 'same-site' }],
      [{ reader: READER, target: 'stock' }, { origin: 'null', 'sec-fetch-site': 'same-origin' }],
    ];
    for (const [fields, headers] of cases) {
      const res = await post(w, PROGRAM, s.cookie, fields, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/This form has expired.*ERR_CSRF/s);
    }
    const other = await w.signIn('admin@contoso.com');
    expect((await post(w, PROGRAM, s.cookie, { csrf: other.csrf, reader: READER, target: 'stock' })).status).toBe(403);
    expect(w.console.list()).toEqual([]);
    expect((await post(w, PROGRAM, s.cookie, { csrf: s.csrf, reader: READER, target: 'stock' }, { origin: 'https://mfa.contoso.com' })).status).toBe(303);
    // What Chromium sends under a strict referrer policy: Origin null, but Sec-Fetch-Site same-origin.
    expect((await post(w, PROGRAM, s.cookie, { csrf: s.csrf, reader: READER, target: 'stock' }, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(409);
  });
});

describe('helpdeskRoutes: programming', () => {
  it('renders the form from the readers, starts a job for a user and streams its events in order, with ids, heartbeats and an end', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    const form = await get(w, PROGRAM, s.cookie);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const formHtml = await form.text();
    expect(formHtml).toContain(`value="${READER}" checked`);
    expect(formHtml).toContain(`name="csrf" value="${s.csrf}"`);
    const job = await startJob(w, s, { target: 'user', upn: 'ALICE@contoso.com' });
    const page = await get(w, job, s.cookie);
    const pageHtml = await page.text();
    expect(pageHtml).toContain(`Waiting for a token on ${READER}`);
    expect(pageHtml).toContain('It will be assigned to alice@contoso.com.');
    expect(pageHtml).toContain('<script src="/static/program-token.js" defer></script>');
    expect(pageHtml).not.toMatch(/<script>|<script [^s]|style=|\son[a-z]+=/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const streamed = readEventStream(`${w.url}${job}/events`, { cookie: s.cookie });
    await new Promise((r) => setTimeout(r, 150));
    const card = new OathCardEmulator();
    w.readers.insert(READER, card);
    const sse = await streamed;
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers.get('cache-control')).toBe('no-store');
    expect(sse.ended).toBe(true);
    const evs = events(sse.frames);
    expect(evs.map((e) => [e.id, e.data.type])).toEqual([['1', 'waiting'], ['2', 'detected'], ['3', 'writing'], ['4', 'verifying'], ['5', 'done'], ['6', 'finished']]);
    expect(evs.map((e) => e.data.state.headline)).toEqual([
      `Waiting for a token on ${READER}`, expect.stringMatching(/^Found .*YKOATH-/), 'Writing…', 'Checking…', 'Done', 'Done',
    ]);
    expect(evs.at(-1)?.data.state).toMatchObject({ terminal: true, tone: 'success', detail: expect.stringContaining('active and assigned to alice@contoso.com') });
    expect(sse.frames.some((f) => 'comment' in f && f.comment === 'keep-alive')).toBe(true);
    const serial = String((evs[4]?.data.event as { serial: string }).serial);
    const alice = await w.services.store.users.getByUpn('alice@contoso.com');
    expect(await w.services.store.tokens.getBySerial(serial)).toMatchObject({ state: 'active', userId: alice?.id });
    const done = await (await get(w, job, s.cookie)).text();
    expect(done).toContain('<h1 class="hd-state-headline" id="job-headline">Done</h1>');
    expect(done).toMatch(/id="cancel-form"[^>]* hidden/);
  });

  it('replays only the events after Last-Event-ID (or ?after=), and answers 204 once a finished job has nothing more', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    w.readers.insert(READER, new OathCardEmulator());
    const job = await startJob(w, s, { target: 'stock' });
    await until(() => w.console.list()[0]?.finishedAt !== null, 'the job to finish');
    const replay = await readEventStream(`${w.url}${job}/events`, { cookie: s.cookie, 'last-event-id': '3' });
    expect(events(replay.frames).map((e) => [e.data.seq, e.data.type])).toEqual([[4, 'verifying'], [5, 'done'], [6, 'finished']]);
    expect(events(replay.frames)[0]?.data.state).toMatchObject({ phase: 'verifying', headline: 'Checking…' });
    const query = await readEventStream(`${w.url}${job}/events?after=5`, { cookie: s.cookie });
    expect(events(query.frames).map((e) => e.data.type)).toEqual(['finished']);
    const header = await readEventStream(`${w.url}${job}/events?after=1`, { cookie: s.cookie, 'last-event-id': '5' });
    expect(events(header.frames).map((e) => e.data.type)).toEqual(['finished']);
    expect((await readEventStream(`${w.url}${job}/events`, { cookie: s.cookie, 'last-event-id': '6' })).status).toBe(204);
    expect((await readEventStream(`${w.url}${PROGRAM}/jobs/nope/events`, { cookie: s.cookie })).status).toBe(404);
  });

  it('takes the code shown on a display token: a wrong one is reported with the tries left, the right one activates it', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const job = await startJob(w, s, { target: 'user', upn: 'bob@contoso.com' });
    await until(() => w.console.list()[0]?.progress.phase === 'enter_code', 'enter_code');
    const asking = await (await get(w, job, s.cookie)).text();
    expect(asking).toContain('Enter the code shown on the token');
    expect(asking).toMatch(/<input class="hd-code-input" id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"/);
    expect(asking).not.toMatch(/id="code-form"[^>]* hidden/);
    expect((await post(w, `${job}/code`, s.cookie, { csrf: s.csrf, code: '12ab' })).status).toBe(400);
    const near = [-30_000, 0, 30_000].map((d) => card.displayCode(w.clock.now() + d));
    const wrong = ['123456', '654321', '111111'].find((c) => !near.includes(c)) ?? '';
    const refused = await post(w, `${job}/code`, s.cookie, { csrf: s.csrf, code: wrong });
    expect([refused.status, refused.headers.get('location')]).toEqual([303, job]);
    await until(() => w.console.list()[0]?.progress.code?.attemptsLeft === 2, 'the next enter_code');
    expect(await (await get(w, job, s.cookie)).text()).toContain('That code did not match. 2 tries left.');
    const accepted = await post(w, `${job}/code`, s.cookie, { csrf: s.csrf, code: card.displayCode() ?? '' });
    expect(accepted.status).toBe(303);
    await until(() => w.console.list()[0]?.finishedAt !== null, 'the job to finish');
    const bob = await w.services.store.users.getByUpn('bob@contoso.com');
    expect(await w.services.store.tokens.getBySerial(card.serial)).toMatchObject({ state: 'active', userId: bob?.id, model: 'miniOTP-2-i' });
    const replay = await readEventStream(`${w.url}${job}/events`, { cookie: s.cookie });
    expect(events(replay.frames).map((e) => e.data.type)).toEqual([
      'waiting', 'detected', 'writing', 'enter_code', 'verifying', 'code_rejected', 'enter_code', 'verifying', 'done', 'finished',
    ]);
  });

  it('cancels a job (its starter or an admin only) and shows why; a second job on a busy reader gets 409', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    const other = await w.signIn('other@contoso.com');
    const admin = await w.signIn('admin@contoso.com');
    const job = await startJob(w, s, { target: 'stock' });
    const busy = await post(w, PROGRAM, admin.cookie, { csrf: admin.csrf, reader: READER, target: 'stock' });
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain(`${READER} is busy with another job`);
    const refused = await post(w, `${job}/cancel`, other.cookie, { csrf: other.csrf });
    expect(refused.status).toBe(403);
    expect(await (await get(w, job, other.cookie)).text()).not.toContain('id="cancel-form"');
    const canceled = await post(w, `${job}/cancel`, admin.cookie, { csrf: admin.csrf });
    expect([canceled.status, canceled.headers.get('location')]).toEqual([303, job]);
    const page = await (await get(w, job, s.cookie)).text();
    expect(page).toContain('<h1 class="hd-state-headline" id="job-headline">Cancelled</h1>');
    const sse = await readEventStream(`${w.url}${job}/events`, { cookie: s.cookie });
    expect(events(sse.frames).map((e) => e.data.type)).toEqual(['waiting', 'failed', 'finished']);
    expect(events(sse.frames).at(-1)?.data.event).toMatchObject({ outcome: 'canceled' });
    expect((await post(w, `${PROGRAM}/jobs/nope/cancel`, s.cookie, { csrf: s.csrf })).status).toBe(404);
  });

  it.each<[string, () => CardEmulator, string, RegExp]>([
    ['an unknown card', () => new UnknownCard(), 'Unknown model', /Nothing was written\./],
    ['a token with a key set elsewhere', () => new Token2TokenEmulator({ model: 'miniOTP-2-i', key: Buffer.alloc(16, 7) }), 'Wrong key', /^Wrong key: /],
    ['a token taken away during the write', () => {
      const card = new Token2TokenEmulator({ model: 'miniOTP-2-i' });
      card.tearOnCommand((apdu) => apdu[1] === INS_WRITE_SEED);
      return card;
    }, 'Token removed too early', /^Hold the token on the reader until it says done/],
  ])('shows %s as a clear error with what to do next', async (_what, card, title, hint) => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    w.readers.insert(READER, card());
    const job = await startJob(w, s, { target: 'stock' });
    await until(() => w.console.list()[0]?.finishedAt !== null, 'the job to finish');
    const page = await (await get(w, job, s.cookie)).text();
    expect(page).toContain('class="hd-state hd-tone-error"');
    expect(page).toContain(`<h1 class="hd-state-headline" id="job-headline">${title}</h1>`);
    expect(/<p class="hd-state-hint" id="job-hint">([^<]*)<\/p>/.exec(page)?.[1]?.replace(/&#39;/g, "'")).toMatch(hint);
    expect(page).toMatch(/id="job-next"(?! hidden)/);
    expect(page).toMatch(/id="cancel-form"[^>]* hidden/);
  });

  it('refuses bad form input with the form again: unknown or disabled user, bulk for a user, unknown reader', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    await w.services.directory.users.setEnabled('bob@contoso.com', false, { id: 'cli:test', source: 'cli' });
    const cases: [Record<string, string>, string][] = [
      [{ target: 'user', upn: 'nobody@contoso.com' }, 'There is no user nobody@contoso.com'],
      [{ target: 'user', upn: '' }, 'Type the user name (UPN)'],
      [{ target: 'user', upn: 'bob@contoso.com' }, 'bob@contoso.com is disabled'],
      [{ target: 'user', upn: 'alice@contoso.com', bulk: '1' }, 'Bulk mode programs tokens into stock'],
      [{ target: 'stock', reader: 'Nope <b>' }, 'Nope &lt;b&gt; is not connected'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(w, PROGRAM, s.cookie, { csrf: s.csrf, reader: READER, ...fields });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(w.console.list()).toEqual([]);
  });

  it('answers 503 with what to check when the readers cannot be listed (pcscd stopped)', async () => {
    const down = { listReaders: () => Promise.reject(new DriverError('ERR_PCSCD_UNAVAILABLE', 'pcscd is not reachable')) };
    const probe = await world();
    const w = await world({ console: createProgramConsole({ programmer: probe.programmer, devices: down, clock: probe.clock, random: createSystemRandom(), logger: createNullLogger() }) });
    const s = await w.signIn('helpdesk@contoso.com');
    for (const res of [await get(w, PROGRAM, s.cookie), await post(w, PROGRAM, s.cookie, { csrf: s.csrf, reader: READER, target: 'stock' })]) {
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(body).toContain('The readers cannot be reached: the smart-card service (pcscd) may have stopped.');
      expect(body).not.toContain('<form class="hd-form"');
    }
  });

  it('runs a bulk job into stock with a running count, and stops it with the Stop button', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    const job = await startJob(w, s, { target: 'stock', bulk: '1' });
    await until(() => w.console.list()[0]?.progress.phase === 'waiting', 'waiting');
    w.readers.insert(READER, new OathCardEmulator());
    await until(() => w.console.list()[0]?.progress.phase === 'remove_token', 'remove_token');
    const running = await (await get(w, job, s.cookie)).text();
    expect(running).toContain('<h1 class="hd-state-headline" id="job-headline">Take the token off the reader</h1>');
    expect(running).toContain('<dd id="bulk-programmed">1</dd>');
    expect(running).toContain('Stop the run</button>');
    w.readers.remove(READER);
    await until(() => w.console.list()[0]?.progress.phase === 'waiting', 'waiting for the next token');
    expect((await post(w, `${job}/cancel`, s.cookie, { csrf: s.csrf })).status).toBe(303);
    const stopped = await (await get(w, job, s.cookie)).text();
    expect(stopped).toContain('<h1 class="hd-state-headline" id="job-headline">Bulk run finished: 1 token programmed</h1>');
    expect(stopped).toContain('<dd id="bulk-failed">0</dd>');
    expect(await w.services.store.tokens.list({ state: 'programmed' })).toHaveLength(1);
  });

  it('lists jobs on the home page', async () => {
    const w = await world();
    const s = await w.signIn('admin@contoso.com');
    await startJob(w, s, { target: 'user', upn: 'alice@contoso.com' });
    const home = await (await get(w, '/helpdesk', s.cookie)).text();
    expect(home).toMatch(new RegExp(`<td>${READER}</td><td>alice@contoso.com</td><td><a href="/helpdesk/tokens/program/jobs/[0-9a-f-]+">Waiting for a token on ${READER}</a></td><td>admin@contoso.com</td>`));
    await w.console.close();
  });
});

describe('helpdeskRoutes: sign-out', () => {
  it('ends the session, clears the cookie and audits signin.signed_out; the old cookie no longer works', async () => {
    const w = await world();
    const s = await w.signIn('helpdesk@contoso.com');
    expect((await post(w, '/helpdesk/signout', s.cookie, { csrf: 'wrong' })).status).toBe(403);
    const res = await post(w, '/helpdesk/signout', s.cookie, { csrf: s.csrf });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/helpdesk/signed-out']);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-mfa_staff=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
    expect(await w.services.store.sessions.get(hashSessionToken(s.token))).toBeNull();
    const [audit] = await w.services.store.audit.recent(1, { event: 'signin.signed_out' });
    const user = await w.services.directory.users.get('helpdesk@contoso.com');
    expect(audit).toMatchObject({
      actor: 'staff:helpdesk@contoso.com', subject: 'helpdesk@contoso.com', source: '127.0.0.1', outcome: 'success',
      details: { userId: user.id, kind: 'staff', protocol: 'console', sessions: 1 },
    });
    expect((await get(w, '/helpdesk', s.cookie)).status).toBe(303);
    const page = await get(w, '/helpdesk/signed-out');
    expect([page.status, (await page.text()).includes('You are signed out')]).toEqual([200, true]);
  });
});

describe('/static/program-token.js', () => {
  it('is a script that parses as ES2017 without module syntax', () => {
    expect(() => new Function(PROGRAM_TOKEN_JS)).not.toThrow();
    expect(PROGRAM_TOKEN_JS).not.toMatch(/\b(import|export)\b|innerHTML|eval\(/);
  });
});
