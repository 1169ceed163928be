// SPDX-License-Identifier: UNLICENSED
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createPcscBackend } from '../../../drivers/backends/pcsc.js';
import { createDeviceManager, type DeviceManager } from '../../../drivers/device-manager.js';
import { MfaError } from '../../errors.js';
import type { Runtime, Services } from '../../main.js';
import {
  createTokenProgrammer, type BulkEvent, type BulkResult, type ProgramEvent, type ProgramResult, type RegisterInEntra, type SubmitCodeResult,
} from '../../tokens/create-token-programmer.js';
import { toProgramError } from '../../tokens/to-program-error.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { createProgressBar, type ProgressBar } from '../progress-bar.js';

interface ProgramOptions {
  reader: string;
  user?: string;
  bulk?: boolean;
  count?: number;
  algorithm?: 'SHA1' | 'SHA256';
  reprogram?: boolean;
  registerInEntra?: boolean;
}

/** Steps of one job as a bar: waiting, detected, writing, proving, done. */
const STEP_OF: Partial<Record<ProgramEvent['type'], number>> = { waiting: 0, detected: 1, press_button: 1, writing: 2, enter_code: 3, verifying: 3, registering: 4, done: 5 };
const STEPS = 5;

/**
 * `token program --reader R [--user U] [--bulk [--count N]] [--algorithm SHA1|SHA256] [--reprogram] [--register-in-entra]`.
 * Progress goes to stderr (a bar on a terminal) and the outcome to stdout; with `--json` every event is one JSON object
 * per line on stdout (and `code_result` after each code read).
 * A display token's code is read from standard input, one line per code asked for (prompted on a terminal); end of
 * input cancels. Ctrl-C cancels (the token is then left `needs_reprogramming`). Exit 1 when a token failed.
 */
export function registerTokenProgramCommand(token: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  token.command('program')
    .description('burn a new seed into a programmable token (YubiKey OATH, Token2, Molto2) tapped on a reader, prove it, and assign it or put it in stock')
    .requiredOption('--reader <name>', 'the PC/SC reader (its full name, or a part of it that names one reader, as `readers` lists them)')
    .option('--user <upn>', 'assign the token to this user (activated once proven); default: into stock')
    .option('--bulk', 'program tokens into stock one tap after another until Ctrl-C or --count')
    .option('--count <n>', 'with --bulk: stop after N programmed tokens', (v) => positiveInt(v))
    .option('--algorithm <alg>', 'SHA1 | SHA256 (default: tokens.program.algorithm; a 20- or 32-byte seed)', (v) => oneOf(v, ['SHA1', 'SHA256'] as const, '--algorithm'))
    .option('--reprogram', 'burn over a token that is already programmed or in use; its current seed stops working')
    .option('--register-in-entra', 'with --user: also register the token in Entra\'s hardware OATH inventory (graph.* configured)')
    .action(async (o: ProgramOptions) => {
      if (o.bulk && (o.user || o.reprogram || o.registerInEntra)) throw new MfaError('ERR_INVALID_INPUT', '--bulk programs into stock: it takes no --user, --reprogram or --register-in-entra');
      if (o.count !== undefined && !o.bulk) throw new MfaError('ERR_INVALID_INPUT', '--count needs --bulk');
      if (o.registerInEntra && !o.user) throw new MfaError('ERR_INVALID_INPUT', '--register-in-entra needs --user');
      const json = globals().json === true;
      await withServices(ctx, globals(), async (s, actor, rt) => {
        const backend = await createPcscBackend({ ...(ctx.env.PCSCLITE_CSOCK_NAME ? { socketPath: ctx.env.PCSCLITE_CSOCK_NAME } : {}), logger: rt.logger })
          .catch((err: unknown) => { throw toProgramError(err, { step: 'wait', reader: o.reader, serial: null }); });
        const devices = createDeviceManager({ backend, logger: rt.logger, clock: rt.clock });
        const register = o.registerInEntra === true || (rt.config.tokens.program.registerInEntra && o.user !== undefined && rt.config.graph.tenantId !== null && rt.config.graph.clientId !== null);
        const entra = register ? await entraHook(s, rt) : null;
        const abort = new AbortController();
        const stopSignals = onSignals(ctx, () => abort.abort());
        const lines = lineReader(ctx);
        try {
          const reader = await resolveReader(devices, o.reader);
          const programmer = createTokenProgrammer({
            store: s.store, vault: s.vault, audit: s.audit, clock: rt.clock, random: rt.random, logger: rt.logger, devices, verifier: s.otp,
            window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
            policy: { algorithm: rt.config.tokens.program.algorithm, digits: 6, period: 30 }, issuer: rt.config.otp.issuer,
            ...(entra ? { registerInEntra: entra.hook } : {}),
          });
          const view = createView(ctx, json, o.bulk ? o.count ?? null : null);
          const askCode = (submit: (code: string) => Promise<SubmitCodeResult>, e: Extract<ProgramEvent, { type: 'enter_code' }>): void => {
            if (!json) ctx.stderr.write(`${e.purpose === 'register' ? 'Enter the NEXT code the token shows (for Entra)' : 'Enter the code shown on the token'} (${e.attemptsLeft} tries left): `);
            void lines.next().then(async (line) => {
              if (line === null) return abort.abort();
              view.reply(await submit(line));
            });
          };
          if (o.bulk) {
            const job = programmer.bulk({ reader, actor, signal: abort.signal, ...(o.count !== undefined ? { count: o.count } : {}), ...(o.algorithm ? { algorithm: o.algorithm } : {}) }, (e) => {
              view.event(e);
              if (e.type === 'enter_code') askCode((c) => job.submitCode(c), e);
            });
            const r = await job.done;
            view.bulkDone(r);
            if (r.failures.length > 0 || r.stoppedBy === 'reader') process.exitCode = 1;
            return;
          }
          const job = programmer.program({
            reader, actor, signal: abort.signal, ...(o.user ? { upn: o.user } : {}), ...(o.algorithm ? { algorithm: o.algorithm } : {}),
            ...(o.reprogram ? { reprogram: true } : {}), ...(register ? { registerInEntra: true } : {}),
          }, (e) => {
            view.event(e);
            if (e.type === 'enter_code') askCode((c) => job.submitCode(c), e);
          });
          const r = await job.done;
          view.programDone(r);
          if (!r.ok) process.exitCode = 1;
        } finally {
          lines.close();
          stopSignals();
          await entra?.close();
          await devices.close();
        }
      });
    });
}

/** Renders events: JSON lines on stdout, or text on stderr with a step (or count) bar on a terminal. */
function createView(ctx: CliContext, json: boolean, count: number | null) {
  const err = ctx.stderr as Writable & { isTTY?: boolean };
  const tty = err.isTTY === true;
  let bar: ProgressBar | null = null;
  let programmed = 0;
  const say = (text: string): void => {
    err.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
  };
  const line = (e: ProgramEvent | BulkEvent): string | null => {
    switch (e.type) {
      case 'waiting': return `waiting for a token on ${e.reader}…`;
      case 'detected': return `found ${e.model} ${e.serial}${e.firmware ? ` (firmware ${e.firmware})` : ''}`;
      case 'press_button': return e.message;
      case 'writing': return 'writing…';
      case 'verifying': return 'verifying…';
      case 'registering': return 'registering in Entra…';
      case 'done': return `done: ${e.serial} ${e.state}${e.userUpn ? ` for ${e.userUpn}` : ''} in ${e.durationMs} ms${e.entra ? (e.entra.registered ? `; registered in Entra (${e.entra.deviceId})` : `; NOT registered in Entra: ${e.entra.message}`) : ''}`;
      case 'failed': return `failed${e.serial ? ` (${e.serial})` : ''} at ${e.step} [${e.code}]: ${e.message}\n  → ${e.hint}`;
      case 'remove_token': return `remove the token from ${e.reader}`;
      default: return null;
    }
  };
  return {
    event(e: ProgramEvent | BulkEvent): void {
      if (json) {
        ctx.stdout.write(`${JSON.stringify(e)}\n`);
        return;
      }
      if (e.type === 'progress') {
        programmed = e.programmed;
        if (tty) {
          bar ??= createProgressBar(err, 'programmed');
          bar.update(programmed, count ?? Math.max(programmed, 1));
        } else say(`programmed ${e.programmed}, failed ${e.failed}, ${e.ratePerMinute.toFixed(1)} tokens/min`);
        return;
      }
      const text = line(e);
      if (text !== null && e.type === 'done') ctx.stdout.write(`${tty ? '\r\x1b[K' : ''}${text}\n`);
      else if (text !== null) say(text);
      const step = STEP_OF[e.type as ProgramEvent['type']];
      if (tty && count === null && step !== undefined && e.type !== 'done') {
        bar ??= createProgressBar(err, 'programming');
        bar.update(step, STEPS);
      }
    },
    reply(r: SubmitCodeResult): void {
      if (json) ctx.stdout.write(`${JSON.stringify({ type: 'code_result', ...r })}\n`);
      else if (!r.accepted) say(`code not accepted (${r.reason.replace('_', ' ')}); ${r.attemptsLeft} tries left`);
    },
    programDone(r: ProgramResult): void {
      if (r.ok && tty && count === null) {
        bar?.update(STEPS, STEPS);
        bar?.finish();
      }
    },
    bulkDone(r: BulkResult): void {
      if (json) return;
      if (tty) bar?.finish();
      const summary = [`programmed ${r.programmed} token(s) in ${(r.durationMs / 1000).toFixed(1)} s (${r.ratePerMinute.toFixed(1)}/min); stopped by ${r.stoppedBy}`];
      for (const f of r.failures) summary.push(`  #${f.index + 1} ${f.serial ?? '(unknown)'}: [${f.code}] ${f.message} → ${f.hint}`);
      ctx.stdout.write(`${summary.join('\n')}\n`);
    },
  };
}

/** The reader named exactly, or the only one whose name contains `name` (case-insensitive). */
async function resolveReader(devices: DeviceManager, name: string): Promise<string> {
  const names = (await devices.listReaders()).map((r) => r.name);
  if (names.includes(name)) return name;
  const matches = names.filter((n) => n.toLowerCase().includes(name.toLowerCase()));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  throw new MfaError('ERR_INVALID_INPUT', `${matches.length === 0 ? 'no' : 'more than one'} reader matches "${name}"; readers: ${names.join(', ') || '(none)'}`, {
    data: { reader: name, readers: names },
  });
}

/** Lines of standard input, one per call; null at end of input. */
function lineReader(ctx: CliContext): { next(): Promise<string | null>; close(): void } {
  let rl: ReturnType<typeof createInterface> | null = null;
  const queued: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let ended = false;
  const open = (): void => {
    if (rl) return;
    rl = createInterface({ input: ctx.stdin, terminal: false });
    rl.on('line', (l) => (waiting.length ? waiting.shift()?.(l.trim()) : queued.push(l.trim())));
    rl.on('close', () => {
      ended = true;
      for (const w of waiting.splice(0)) w(null);
    });
  };
  return {
    next() {
      open();
      const l = queued.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      rl?.close();
    },
  };
}

/** Calls `stop` on SIGINT/SIGTERM until the returned function is called. */
function onSignals(ctx: CliContext, stop: () => void): () => void {
  if (ctx.onSignal) {
    ctx.onSignal('SIGINT', stop);
    ctx.onSignal('SIGTERM', stop);
    return () => undefined;
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

async function entraHook(s: Services, rt: Runtime): Promise<{ hook: RegisterInEntra; close(): Promise<void> }> {
  const { createProvisioner } = await import('../../provisioning/create-provisioner.js');
  const p = createProvisioner({ config: rt.config, store: s.store, vault: s.vault, audit: s.audit, clock: rt.clock, random: rt.random, logger: rt.logger, verifier: s.otp });
  return { hook: (serial, code, actor) => p.registerToken(serial, code, actor), close: () => p.close() };
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new MfaError('ERR_INVALID_INPUT', '--count must be a whole number ≥ 1', { data: { flag: '--count' } });
  return n;
}

function oneOf<T extends string>(v: string, allowed: readonly T[], flag: string): T {
  const up = v.toUpperCase();
  if (!(allowed as readonly string[]).includes(up)) throw new MfaError('ERR_INVALID_INPUT', `${flag} must be one of ${allowed.join(', ')}`, { data: { flag } });
  return up as T;
}
