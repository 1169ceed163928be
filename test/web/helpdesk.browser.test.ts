// SPDX-License-Identifier: UNLICENSED
/**
 * Browser tier: a helpdesk member signs in through the appliance's real staff sign-in (password and code), then
 * programs an emulated Token2 display token that sits on pcscd's vpcd virtual reader and assigns it to a user, in
 * Debian's Chromium over HTTPS; then an unknown card shows an error state. Every state is saved as a screenshot in
 * test-artifacts/helpdesk/.
 *
 * Until web/app.ts mounts `helpdeskRoutes`, the console is served by a second HTTPS server on the same host over the
 * appliance's own services: the browser sends the staff cookie to both (cookies are not scoped by port).
 *
 * Two gates make the fleeting states photographable without changing what happens: the card holds the first burn
 * command (GET CHALLENGE) until released, so "Writing…" stays on screen while the write is really in flight; and
 * the programmer's events after `detected` are delivered to the console only when released, so "Found …" is shown
 * before "Writing…" arrives.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createPcscBackend } from '../../drivers/backends/pcsc.js';
import { createDeviceManager } from '../../drivers/device-manager.js';
import { attachToVpcd, type VpcdAttachment } from '../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../drivers/emulator/card-emulator.js';
import { Token2TokenEmulator } from '../../drivers/emulator/token2-token-emulator.js';
import { INS_GET_CHALLENGE } from '../../drivers/protocol/token2/token2-apdus.js';
import { createProgramConsole } from '../../agent/helpdesk/create-program-console.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { createNetworkMatcher } from '../../agent/net/network-matcher.js';
import { createSystemRandom } from '../../agent/ports/random.js';
import { createWebSessions } from '../../agent/signin/create-web-sessions.js';
import { createSelfSignedCertificate } from '../../agent/tls/create-self-signed-certificate.js';
import { createTokenProgrammer, type ProgramEvent, type TokenProgrammer } from '../../agent/tokens/create-token-programmer.js';
import { COOKIES } from '../../web/http/cookies.js';
import { APP_CSS } from '../../web/static/app-css.js';
import { clientAddress } from '../../web/middleware/client-address.js';
import { errorHandler, notFound } from '../../web/middleware/error-handler.js';
import { helpdeskRoutes } from '../../web/routes/helpdesk.js';
import { HELPDESK_CSS } from '../../web/static/helpdesk-css.js';
import { PROGRAM_TOKEN_JS } from '../../web/static/program-token-js.js';
import { UnknownCard } from '../agent/helpdesk/console-world.js';
import { useBrowser } from '../helpers/browser.js';
import { useTestAppliance } from '../helpers/open-test-services.js';
import { withAllVirtualReaders } from '../helpers/vpcd-card.js';
import { ALICE, HELEN, PASSWORD, openSigninWorld } from '../helpers/signin-world.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'helpdesk');
const start = useTestAppliance();
const open = useBrowser('helpdesk');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Delays one command (the first matching `match`) until `release()`; `held` resolves when it arrives. */
class GatedCard implements CardEmulator {
  readonly #inner: CardEmulator;
  readonly #match: (apdu: Buffer) => boolean;
  #armed = true;
  #open: () => void = () => undefined;
  readonly #gate = new Promise<void>((resolve) => { this.#open = resolve; });
  #arrived: () => void = () => undefined;
  readonly held = new Promise<void>((resolve) => { this.#arrived = resolve; });

  constructor(inner: CardEmulator, match: (apdu: Buffer) => boolean) {
    this.#inner = inner;
    this.#match = match;
  }
  get atr(): Buffer {
    return this.#inner.atr;
  }
  reset(): void {
    this.#inner.reset();
  }
  powerOff(): void {
    this.#inner.powerOff();
  }
  release(): void {
    this.#open();
  }
  async process(apdu: Buffer): Promise<Buffer> {
    if (this.#armed && this.#match(apdu)) {
      this.#armed = false;
      this.#arrived();
      await this.#gate;
    }
    return this.#inner.process(apdu);
  }
}

/** The programmer, with the events after the next `detected` held back until `release()`. */
function gateAfterDetected(inner: TokenProgrammer): TokenProgrammer & { arm(): void; release(): void } {
  let armed = false;
  let queue: ProgramEvent[] | null = null;
  let deliver: (e: ProgramEvent) => void = () => undefined;
  return {
    arm: () => { armed = true; },
    release() {
      const held = queue ?? [];
      queue = null;
      for (const e of held) deliver(e);
    },
    bulk: (input, onEvent) => inner.bulk(input, onEvent),
    program(input, onEvent) {
      deliver = onEvent;
      return inner.program(input, (e) => {
        if (queue) return void queue.push(e);
        onEvent(e);
        if (armed && e.type === 'detected') {
          armed = false;
          queue = [];
        }
      });
    },
  };
}

async function listenHttps(app: express.Express, now: number): Promise<string> {
  const { certPem, keyPem } = await createSelfSignedCertificate({ commonName: 'localhost', altNames: ['127.0.0.1', 'localhost'], profile: 'server', now, serial: randomBytes(16) });
  const server: Server = createServer({ key: keyPem, cert: certPem }, app);
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function until(predicate: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const describeFaults = (faults: unknown[]): string => JSON.stringify(faults, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));

/** Waits for the state box to read `text`; on timeout saves failure.png and reports the page and the logged faults. */
async function headline(page: Page, text: string | RegExp, faults: unknown[]): Promise<void> {
  try {
    await page.locator('#job-headline').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true });
    throw new Error(`${String(err)}\nfaults ${describeFaults(faults)}\npage ${page.url()}:\n${(await page.locator('main').textContent().catch(() => '')) ?? ''}`);
  }
}

describe('helpdesk console in Chromium', () => {
  it('signs in as staff, programs a Token2 on pcscd+vpcd for a user through every state, then shows an unknown card as an error', { timeout: 90_000 }, async () => withAllVirtualReaders(async ([vr]) => {
    const w = await openSigninWorld(start, { listen: { tls: true } });
    const { services, clock, rt } = w;
    const random = createSystemRandom();
    const faults: unknown[] = [];
    const logger = { ...createNullLogger(), warn: (obj: object) => void faults.push(obj), error: (obj: object) => void faults.push(obj), child: () => logger };
    const backend = await createPcscBackend();
    const devices = createDeviceManager({ backend, clock });
    cleanups.push(() => devices.close());
    if (vr === undefined) throw new Error('no virtual reader');
    const programmer = gateAfterDetected(createTokenProgrammer({
      store: services.store, vault: services.vault, audit: services.audit, clock, random, logger, devices, verifier: services.otp,
      issuer: rt.config.otp.issuer,
      window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
      policy: { algorithm: 'SHA1', digits: 6, period: 30 },
    }));
    const programConsole = createProgramConsole({ programmer, devices, clock, random, logger });
    cleanups.push(() => programConsole.close());

    const app = express();
    app.use(clientAddress(createNetworkMatcher([])));
    app.get('/static/app.css', (_req, res) => void res.type('text/css').send(`${APP_CSS}\n${HELPDESK_CSS}`));
    app.get('/static/program-token.js', (_req, res) => void res.type('text/javascript').send(PROGRAM_TOKEN_JS));
    app.use(helpdeskRoutes({
      sessions: createWebSessions({ sessions: services.store.sessions, clock, random }), idleMs: rt.config.helpdesk.session.idleMinutes * 60_000,
      console: programConsole, users: services.directory.users, roleOf: (id) => services.directory.staff.roleOf(id), audit: services.audit,
      publicOrigins: [rt.config.server.publicUrl], logger,
    }));
    app.use(notFound);
    app.use(errorHandler(logger));
    const consoleUrl = await listenHttps(app, Date.now());

    const { page, shot } = await open();
    await page.goto(`${w.url}/helpdesk/signin?returnTo=${encodeURIComponent('/helpdesk/tokens/program')}`);
    await page.locator('input[autocomplete="username"]').fill(HELEN);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('input[autocomplete="one-time-code"]').fill(w.code());
    await Promise.all([page.waitForURL(`${w.url}/helpdesk/tokens/program`), page.getByRole('button', { name: 'Verify' }).click()]);
    const staffCookie = (await page.context().cookies()).find((c) => c.name === COOKIES.staff);
    expect(staffCookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });

    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.url()}`); });

    await (async () => {
      const attachments: VpcdAttachment[] = [];
      cleanups.push(async () => { for (const a of attachments) await a.close(); });
      const form = await page.goto(`${consoleUrl}/helpdesk/tokens/program`);
      expect(form?.status(), describeFaults(faults)).toBe(200);
      expect(await page.locator('.hd-who').textContent()).toContain(HELEN);
      await page.getByLabel(vr.name).check();
      await page.getByLabel('A user', { exact: true }).check();
      await page.getByLabel('User name (UPN)').fill(ALICE);
      await shot('form');
      await page.getByRole('button', { name: 'Start' }).click();
      await headline(page, `Waiting for a token on ${vr.name}`, faults);
      expect(await page.locator('#code-form').isVisible()).toBe(false);
      await shot('waiting');
      const jobUrl = page.url();

      const token2 = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => clock.now() });
      const card = new GatedCard(token2, (apdu) => apdu[1] === INS_GET_CHALLENGE);
      programmer.arm();
      const attached = attachToVpcd(card, { port: vr.port });
      attachments.push(attached);
      await attached.ready;
      await headline(page, `Found miniOTP-2-i ${token2.serial}`, faults);
      await shot('found');
      await card.held;
      programmer.release();
      await headline(page, 'Writing…', faults);
      await shot('writing');
      card.release();
      await headline(page, 'Enter the code shown on the token', faults);
      await page.locator('#code').waitFor({ state: 'visible' });
      // The page was not reloaded: the script brought every state so far.
      expect(page.url()).toBe(jobUrl);
      await page.locator('#code').fill(token2.displayCode() ?? '');
      await shot('enter-code');
      await page.getByRole('button', { name: 'Check code' }).click();
      await headline(page, 'Done', faults);
      await page.locator('#job-next').waitFor({ state: 'visible' });
      expect(await page.locator('#code-form').isVisible()).toBe(false);
      expect(await page.locator('#job-offline').isVisible()).toBe(false);
      expect(await page.locator('#job-detail').textContent()).toMatch(new RegExp(`^miniOTP-2-i ${token2.serial} is active and assigned to ${ALICE} in \\d+\\.\\d s\\.$`));
      await shot('done');
      const alice = await services.directory.users.get(ALICE);
      expect(await services.store.tokens.getBySerial(token2.serial)).toMatchObject({ state: 'active', userId: alice.id, model: 'miniOTP-2-i' });
      const [programmed] = await services.store.audit.recent(1, { event: 'token.programmed' });
      expect(programmed).toMatchObject({ actor: `staff:${HELEN}`, subject: token2.serial, outcome: 'success', details: { reader: vr.name, proof: 'entered_code' } });
      await attached.close();
      // pcscd notices the card left vpcd at its next poll (400 ms); a job started before then finds a stale card.
      await until(async () => (await devices.listReaders()).find((r) => r.name === vr.name)?.card === null, 'the reader to be empty');

      await page.getByRole('link', { name: 'Program another token' }).click();
      await page.getByLabel(vr.name).check();
      await page.getByLabel('Stock (assign later)').check();
      await page.getByRole('button', { name: 'Start' }).click();
      await headline(page, `Waiting for a token on ${vr.name}`, faults);
      const unknown = attachToVpcd(new UnknownCard(), { port: vr.port });
      attachments.push(unknown);
      await unknown.ready;
      await headline(page, 'Unknown model', faults);
      expect(await page.locator('#job-hint').textContent()).toMatch(/^Unknown model: .*Nothing was written\.$/);
      expect(await page.locator('#job-state').getAttribute('class')).toBe('hd-state hd-tone-error');
      await shot('error-unknown-model');
      await unknown.close();
    })();
    // Released inside the lease: the backend watches every virtual reader.
    await programConsole.close();
    await devices.close();
    // Every update above came over the event stream into the page's script: nothing was blocked by the CSP, and no
    // request but the browser's own favicon probe failed.
    expect(problems).toEqual([]);
    expect(faults).toEqual([]);
  }));
});
