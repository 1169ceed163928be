// SPDX-License-Identifier: UNLICENSED
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { runCli } from '../../../agent/cli/run-cli.js';
import { loadConfig } from '../../../agent/config/index.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createRuntime, openServices } from '../../../agent/main.js';
import type { TokenProgrammingState, TokenRecord } from '../../../agent/store/store.js';
import { withVirtualReader, type VirtualReader } from '../../helpers/pcscd.js';
import { runCliCaptured } from '../../helpers/run-cli-captured.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { insertIntoVirtualReader } from '../../helpers/vpcd-card.js';
import { ensureBuiltCli, runBuiltCli } from '../../helpers/built-cli.js';

const FAST = { MFA_APPLIANCE_DIRECTORY__PASSWORD__SCRYPT__COST: '16384' };
const tempDir = useTempDir();

/** A card in the virtual reader that can SIGKILL the CLI right after it has processed a chosen command. */
class KillSwitch implements CardEmulator {
  count = 0;
  killAt = 0;
  victim: number | null = null;
  constructor(readonly card: CardEmulator) {}
  get atr(): Buffer { return this.card.atr; }
  reset(): void { this.card.reset(); }
  powerOff(): void { this.card.powerOff(); }
  async process(apdu: Buffer): Promise<Buffer> {
    const reply = await this.card.process(apdu);
    this.count++;
    if (this.count === this.killAt && this.victim !== null) process.kill(this.victim, 'SIGKILL');
    return reply;
  }
}

interface Killed {
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  /** The JSON event lines the CLI printed before it died. */
  events: string[];
}

/** Runs the built CLI; `watch` sees each event's type and may return true to SIGKILL the process there. */
async function runChild(args: string[], sw: KillSwitch | null, watch: (type: string) => boolean = () => false): Promise<Killed> {
  const run = runBuiltCli(args, FAST, (e, child) => {
    if (watch(String(e.type))) child.kill('SIGKILL');
  });
  if (sw) sw.victim = run.child.pid ?? null;
  const r = await run.done;
  return { signal: r.signal, code: r.code, stderr: r.stderr, events: r.events.map((e) => String(e.type)) };
}

async function rowOf(config: string, serial: string | null): Promise<{ token: TokenRecord; programming: TokenProgrammingState | null } | null> {
  const s = await openServices(createRuntime(loadConfig({ file: config, env: {} }), {}, { logger: createNullLogger() }));
  try {
    const token = serial === null ? (await s.store.tokens.list())[0] : await s.store.tokens.getBySerial(serial);
    return token ? { token, programming: await s.store.tokens.programmingState(token.id) } : null;
  } finally {
    await s.close();
  }
}

/** The CLI in-process, answering `enter_code` with `code()`; returns the exit code and the last event. */
async function rerun(config: string, reader: VirtualReader, code: () => string | null, extra: string[] = []): Promise<{ exit: number; last: Record<string, unknown>; stderr: string }> {
  const stdin = new PassThrough();
  let stderr = '';
  let last: Record<string, unknown> = {};
  let pending = '';
  const stdout = new Writable({
    write(c, _e, cb) {
      pending += String(c);
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        last = JSON.parse(pending.slice(0, nl)) as Record<string, unknown>;
        pending = pending.slice(nl + 1);
        if (last.type === 'enter_code') stdin.write(`${code() ?? ''}\n`);
      }
      cb();
    },
  });
  const exit = await runCli(['--config', config, '--json', 'token', 'program', '--reader', reader.name, ...extra], {
    stdout, stderr: new Writable({ write(c, _e, cb) { stderr += String(c); cb(); } }), stdin, env: FAST, cwd: process.cwd(), osUser: 'tester', logger: createNullLogger(),
  });
  return { exit, last, stderr };
}

describe('token program killed with SIGKILL between steps', () => {
  beforeAll(() => ensureBuiltCli(), 180_000);

  it('Token2: killed after the row is prepared, mid-burn, after the seed write and while waiting for the code; each rerun succeeds', () => withVirtualReader(async (reader) => {
    const dir = join(tempDir(), 'appliance');
    expect((await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com'])).code).toBe(0);
    const config = join(dir, 'config.yaml');
    // APDUs of a Token2 job: 1 SELECT OATH, 2 get-info (detect); 3 get-info, 4–5 auth, 6 config, 7–8 auth, 9 seed.
    const points: Array<{ apdu?: number; event?: string }> = [{ apdu: 3 }, { apdu: 6 }, { apdu: 9 }, { event: 'enter_code' }];
    for (const [i, point] of points.entries()) {
      const card = new Token2TokenEmulator({ serial: `865960000000${20 + i}` });
      const sw = new KillSwitch(card);
      sw.killAt = point.apdu ?? 0;
      const attached = await insertIntoVirtualReader(sw, reader);
      try {
        const killed = await runChild(['--config', config, '--json', 'token', 'program', '--reader', reader.name], sw, (type) => type === point.event);
        const where = `killed at ${JSON.stringify(point)} after ${JSON.stringify(killed.events)} (exit ${killed.code}: ${killed.stderr})`;
        expect(killed.signal, where).toBe('SIGKILL');
        expect(killed.events, where).not.toContain('done');
        const row = await rowOf(config, card.serial);
        expect(row?.token, where).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null, userId: null });
        expect(row?.programming?.pendingSeedSecretId, where).not.toBeNull();
        const again = await rerun(config, reader, () => card.displayCode());
        expect(again, `${where}: ${again.stderr}`).toMatchObject({ exit: 0, last: { type: "done", serial: card.serial, state: "programmed" } });
        expect((await rowOf(config, card.serial))?.programming, where).toEqual({ pendingSeedSecretId: null, deviceKeySecretId: null });
      } finally {
        await attached.close();
      }
    }
  }), 90_000);

  it('YKOATH for a user: killed after PUT, before the read-back; the rerun proves and activates', () => withVirtualReader(async (reader) => {
    const dir = join(tempDir(), 'appliance');
    expect((await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com'])).code).toBe(0);
    const config = join(dir, 'config.yaml');
    expect((await runCliCaptured(['--config', config, 'user', 'add', '--upn', 'alice@contoso.com', '--display-name', 'Alice', '--no-password'], { env: FAST })).code).toBe(0);
    const card = new OathCardEmulator();
    const sw = new KillSwitch(card);
    // 1 SELECT (detect), 2 SELECT, 3 LIST, 4 PUT, 5 CALCULATE.
    sw.killAt = 4;
    const attached = await insertIntoVirtualReader(sw, reader);
    try {
      const killed = await runChild(['--config', config, '--json', 'token', 'program', '--reader', reader.name, '--user', 'alice@contoso.com'], sw);
      expect(killed.signal).toBe('SIGKILL');
      expect(card.credentials()).toHaveLength(1);
      const row = await rowOf(config, null);
      expect(row?.token).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null, userId: null });
      const again = await rerun(config, reader, () => null, ['--user', 'alice@contoso.com']);
      expect(again).toMatchObject({ exit: 0, last: { type: 'done', state: 'active', userUpn: 'alice@contoso.com', serial: row?.token.serial } });
      expect(card.credentials()).toHaveLength(1);
    } finally {
      await attached.close();
    }
  }), 60_000);
});
