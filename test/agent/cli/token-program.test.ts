// SPDX-License-Identifier: UNLICENSED
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { VpcdAttachment } from '../../../drivers/emulator/attach-to-vpcd.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { runCli } from '../../../agent/cli/run-cli.js';
import { loadConfig } from '../../../agent/config/index.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createRuntime, openServices } from '../../../agent/main.js';
import { SEED_PURPOSE } from '../../../agent/otp/seed-purpose.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { withVirtualReader } from '../../helpers/pcscd.js';
import { runCliCaptured } from '../../helpers/run-cli-captured.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { insertIntoVirtualReader } from '../../helpers/vpcd-card.js';
import { ensureBuiltCli, runBuiltCli } from '../../helpers/built-cli.js';

const tempDir = useTempDir();
const FAST = { MFA_APPLIANCE_DIRECTORY__PASSWORD__SCRYPT__COST: '16384' };
const execFileAsync = promisify(execFile);

async function appliance() {
  const dir = join(tempDir(), 'appliance');
  expect((await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com'])).code).toBe(0);
  const config = join(dir, 'config.yaml');
  const cli = (argv: string[], stdin?: string) => runCliCaptured(['--config', config, ...argv], { env: FAST, ...(stdin === undefined ? {} : { stdin }) });
  expect((await cli(['user', 'add', '--upn', 'alice@contoso.com', '--display-name', 'Alice', '--no-password'])).code).toBe(0);
  return { dir, config, cli };
}

interface Interactive {
  code: number;
  stdout: string;
  /** `--json` event lines, parsed. */
  events: Array<Record<string, unknown>>;
  stderr: string;
}

/**
 * The real CLI in-process with a live stdin: `onEvent` sees each JSON line as it is printed and may write to stdin.
 * `tty` makes stderr claim to be a terminal (the progress bar path).
 */
async function runLive(
  argv: string[], onEvent: (e: Record<string, unknown>, stdin: PassThrough) => void,
  opts: { tty?: boolean; onStderr?: (text: string, stdin: PassThrough) => void; env?: Record<string, string> } = {},
): Promise<Interactive> {
  const stdin = new PassThrough();
  const events: Array<Record<string, unknown>> = [];
  let pending = '';
  let stderr = '';
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      pending += String(chunk);
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        onEvent(e, stdin);
      }
      cb();
    },
  });
  const err = Object.assign(new Writable({
    write(c, _e, cb) {
      stderr += String(c);
      opts.onStderr?.(String(c), stdin);
      cb();
    },
  }), opts.tty ? { isTTY: true } : {});
  const code = await runCli(argv, { stdout, stderr: err, stdin, env: { ...FAST, ...opts.env }, cwd: process.cwd(), osUser: 'tester', logger: createNullLogger() });
  stdin.end();
  return { code, stdout: text, events, stderr };
}

async function sealedSeed(config: string, serial: string): Promise<Buffer> {
  const s = await openServices(createRuntime(loadConfig({ file: config, env: {} }), {}, { logger: createNullLogger() }));
  try {
    const t = await s.store.tokens.getBySerial(serial);
    return await s.vault.open(t?.seedSecretId ?? '', SEED_PURPOSE);
  } finally {
    await s.close();
  }
}

describe('mfa-appliance token program (pcscd + vpcd)', () => {
  it('programs an emulated YubiKey for a user with --json: one event per line; ykman reads the seed oathtool computes', () => withVirtualReader(async (reader) => {
    const { config, cli } = await appliance();
    const card = new OathCardEmulator();
    const attached = await insertIntoVirtualReader(card, reader);
    try {
      const r = await runLive(['--config', config, '--json', 'token', 'program', '--reader', reader.name.toLowerCase().replace('virtual ', ''), '--user', 'alice@contoso.com'], () => undefined);
      expect(r.code, r.stderr).toBe(0);
      expect(r.events.map((e) => e.type)).toEqual(['waiting', 'detected', 'writing', 'verifying', 'done']);
      const done = r.events.at(-1) ?? {};
      expect(done).toMatchObject({ state: 'active', userUpn: 'alice@contoso.com', serial: expect.stringMatching(/^YKOATH-/) as unknown });
      expect(done.durationMs).toBeLessThan(5000);
      const serial = String(done.serial);
      const shown = (await cli(['--json', 'token', 'show', serial])).json<{ state: string; upn: string; model: string; firmware: string }>();
      expect(shown).toMatchObject({ state: 'active', upn: 'alice@contoso.com', model: 'YubiKey OATH', firmware: '5.4.3' });
      const seed = await sealedSeed(config, serial);
      const { stdout } = await execFileAsync('ykman', ['--reader', reader.name, 'oath', 'accounts', 'code', 'mfa-appliance'], { timeout: 20_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      const now = Math.floor(Date.now() / 1000);
      const accepted = [now - 2, now].map((t) => oathtoolTotp(seed, { at: t }));
      expect(stdout).toContain('mfa-appliance:alice@contoso.com');
      expect(accepted).toContain(stdout.trim().split(/\s+/).at(-1));
      // The next step's code signs in (the read-back one is spent).
      const next = oathtoolTotp(seed, { at: now + 30 });
      expect((await cli(['--json', 'token', 'verify', serial, next])).json()).toEqual({ ok: true, reason: 'ok', serial });
    } finally {
      await attached.close();
    }
  }));

  it('burns a 32-byte SHA-256 seed when tokens.program.algorithm says so', () => withVirtualReader(async (reader) => {
    const { config, cli } = await appliance();
    const attached = await insertIntoVirtualReader(new OathCardEmulator(), reader);
    try {
      const r = await runLive(['--config', config, '--json', 'token', 'program', '--reader', reader.name], () => undefined,
        { env: { MFA_APPLIANCE_TOKENS__PROGRAM__ALGORITHM: 'SHA256' } });
      expect(r.code, r.stderr).toBe(0);
      const serial = String(r.events.at(-1)?.serial);
      expect((await cli(['--json', 'token', 'show', serial])).json()).toMatchObject({ state: 'programmed', algorithm: 'SHA256' });
      expect((await sealedSeed(config, serial)).length).toBe(32);
    } finally {
      await attached.close();
    }
  }));

  it('programs a Token2 into stock, reading the code shown from stdin; a wrong code first is reported', () => withVirtualReader(async (reader) => {
    const { config, cli } = await appliance();
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i' });
    const attached = await insertIntoVirtualReader(card, reader);
    try {
      const answers = ['000000', null];
      const r = await runLive(['--config', config, '--json', 'token', 'program', '--reader', reader.name], (e, stdin) => {
        if (e.type !== 'enter_code') return;
        stdin.write(`${answers.shift() ?? card.displayCode() ?? ''}\n`);
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.events.map((e) => e.type)).toEqual(['waiting', 'detected', 'writing', 'enter_code', 'verifying', 'code_result', 'enter_code', 'verifying', 'code_result', 'done']);
      expect(r.events[1]).toMatchObject({ kind: 'token2', model: 'miniOTP-2-i', serial: card.serial });
      expect(r.events[5]).toEqual({ type: 'code_result', accepted: false, reason: 'wrong_code', attemptsLeft: 2 });
      expect(r.events.at(-1)).toMatchObject({ type: 'done', state: 'programmed', userUpn: null });
      expect((await cli(['--json', 'token', 'show', card.serial])).json()).toMatchObject({ state: 'programmed', upn: null, hasSeed: true });
      expect(oathtoolTotp(await sealedSeed(config, card.serial), { at: Math.floor(Date.now() / 1000) })).toBe(card.displayCode());
    } finally {
      await attached.close();
    }
  }));

  // The built CLI in its own process: pcsclite's close joins its status threads, and a join waiting on a card
  // event must not block the thread that runs the emulated cards (as it would in-process).
  it('bulk --json: two taps into stock in a row, a progress event after each, the summary last', () => withVirtualReader(async (reader) => {
    ensureBuiltCli();
    const { config } = await appliance();
    const cards = [new Token2TokenEmulator({ serial: '86596320000101' }), new Token2TokenEmulator({ serial: '86596320000102' })];
    let attached: VpcdAttachment | null = null;
    let current = 0;
    // A person's hands, one move after another: tap when asked, lift the token when it is done (vpcd takes one
    // card connection at a time, so a tap waits until the previous card has left).
    let hands: Promise<unknown> = Promise.resolve();
    const run = runBuiltCli(['--config', config, '--json', 'token', 'program', '--reader', reader.name, '--bulk', '--count', '2'], FAST, (e, child) => {
      const card = cards[current];
      if (e.type === 'waiting' && card) hands = hands.then(async () => { attached = await insertIntoVirtualReader(card, reader); });
      if (e.type === 'enter_code') child.stdin.write(`${card?.displayCode() ?? ''}\n`);
      if (e.type === 'done') {
        current++;
        hands = hands.then(() => (attached as VpcdAttachment | null)?.close());
      }
    });
    const { code, events, stderr } = await run.done;
    await hands;
    expect(code, stderr).toBe(0);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'bulk_done', programmed: 2, failures: [], stoppedBy: 'count' });
    expect(events.filter((e) => e.type === 'progress').map((e) => e.programmed)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'done').map((e) => e.serial)).toEqual(cards.map((c) => c.serial));
  }), 60_000);

  it('draws the step bar and plain lines on a terminal, prompting for the code; end of input cancels', () => withVirtualReader(async (reader) => {
    const { config, cli } = await appliance();
    const card = new Token2TokenEmulator({ model: 'C302-i' });
    const attached = await insertIntoVirtualReader(card, reader);
    const argv = ['--config', config, 'token', 'program', '--reader', reader.name, '--user', 'alice@contoso.com'];
    const prompt = 'Enter the code shown on the token (3 tries left): ';
    try {
      const cancelled = await runLive(argv, () => undefined, { tty: true, onStderr: (text, stdin) => { if (text.includes(prompt)) stdin.end(); } });
      expect(cancelled.code).toBe(1);
      expect(cancelled.stderr).toContain(`failed (${card.serial}) at prove [ERR_DEVICE]`);
      expect((await cli(['--json', 'token', 'show', card.serial])).json()).toMatchObject({ state: 'needs_reprogramming', hasSeed: false });
      const r = await runLive(argv, () => undefined, { tty: true, onStderr: (text, stdin) => { if (text.includes(prompt)) stdin.write(`${card.displayCode() ?? ''}\n`); } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`\r\x1b[Kwaiting for a token on ${reader.name}`);
      expect(r.stderr).toContain(`found C302-i ${card.serial}`);
      expect(r.stderr).toMatch(/\rprogramming \[#+-+\] 2\/5/);
      expect(r.stderr).toContain('\rprogramming [##############################] 5/5');
      expect(r.stdout).toMatch(new RegExp(`done: ${card.serial} active for alice@contoso.com in \\d+ ms`));
      expect((await cli(['--json', 'token', 'show', card.serial])).json()).toMatchObject({ state: 'active', upn: 'alice@contoso.com' });
    } finally {
      await attached.close();
    }
    const mix = await cli(['token', 'program', '--reader', reader.name, '--bulk', '--user', 'alice@contoso.com']);
    expect(mix.code).toBe(1);
    expect(mix.stderr).toContain('--bulk programs into stock');
    const gone = await runCliCaptured(['--config', config, '--json', 'token', 'program', '--reader', reader.name], { env: { ...FAST, PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' } });
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stderr)).toMatchObject({ error: { code: 'ERR_DEVICE', data: { driverCode: 'ERR_PCSCD_UNAVAILABLE', hint: expect.stringContaining('systemctl start pcscd') as unknown } } });
    const none = await cli(['--json', 'token', 'program', '--reader', 'No Such Reader']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stderr)).toMatchObject({ error: { code: 'ERR_INVALID_INPUT', data: { readers: expect.arrayContaining([reader.name]) as unknown } } });
  }));
});
