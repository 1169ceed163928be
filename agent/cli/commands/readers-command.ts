// SPDX-License-Identifier: UNLICENSED
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createPcscBackend } from '../../../drivers/backends/pcsc.js';
import { DriverError } from '../../../drivers/core/errors.js';
import { createDeviceManager, type DeviceEvent, type DeviceManager } from '../../../drivers/device-manager.js';
import type { CardIdentity } from '../../../drivers/identify-card.js';
import { createLogger } from '../../log/create-logger.js';
import { createSystemClock } from '../../ports/clock.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { formatTable, formatTime, printResult } from '../output.js';

/** One reader in `readers --json`. `card` is null for an empty reader; `error` when the card could not be identified. */
export interface ReaderReport {
  reader: string;
  card: (Partial<CardIdentity> & { atr: string }) | null;
  error?: { code: string; message: string };
}

async function describeCard(m: DeviceManager, reader: string, atr: Buffer): Promise<Pick<ReaderReport, 'card' | 'error'>> {
  try {
    return { card: { atr: atr.toString('hex'), ...(await m.identify(reader)) } };
  } catch (err) {
    if (!(err instanceof DriverError)) throw err;
    return { card: { atr: atr.toString('hex') }, error: { code: err.code, message: err.message } };
  }
}

function cardText(r: ReaderReport): string {
  if (!r.card) return '-';
  if (r.error) return `? (${r.error.code})`;
  const c = r.card;
  return [c.kind, c.model, c.serial && `serial ${c.serial}`, c.version && `version ${c.version}`].filter(Boolean).join(' ');
}

type CardDetails = Pick<ReaderReport, 'card' | 'error'>;

function eventRecord(e: DeviceEvent, details: CardDetails | null): Record<string, unknown> {
  if (e.type === 'service-lost') return { type: e.type, error: { code: e.error.code, message: e.error.message }, at: e.at };
  return { type: e.type, reader: e.reader, ...details, at: e.at };
}

function eventText(e: DeviceEvent, details: CardDetails | null): string {
  const where = e.type === 'service-lost' ? e.error.message : e.reader;
  const what = details ? `  ${cardText({ reader: '', ...details })}` : '';
  return `${formatTime(e.at)}  ${e.type.padEnd(15)}  ${where}${what}`;
}

/** Prints events until SIGINT/SIGTERM (or pcscd stops): one JSON object per line with `--json`. */
async function watch(ctx: CliContext, m: DeviceManager, json: boolean, wanted: (reader: string) => boolean): Promise<void> {
  let chain = Promise.resolve();
  const print = (e: DeviceEvent, details: CardDetails | null): void => {
    ctx.stdout.write(json ? `${JSON.stringify(eventRecord(e, details))}\n` : `${eventText(e, details)}\n`);
  };
  await new Promise<void>((resolve) => {
    const off = m.subscribe((e) => {
      if (e.type !== 'service-lost' && !wanted(e.reader)) return;
      // A fault while describing one card is printed as that card's line; the watch goes on.
      chain = chain
        .then(async () => print(e, e.type === 'card-inserted' ? await describeCard(m, e.reader, e.atr) : null))
        .catch((err: unknown) => {
          ctx.stderr.write(`${'reader' in e ? e.reader : 'pcscd'}: ${err instanceof Error ? err.message : String(err)}\n`);
        });
      if (e.type === 'service-lost') stop();
    });
    const on = ctx.onSignal ?? ((sig, handler) => process.once(sig, handler));
    const stop = (): void => {
      off();
      void chain.then(resolve);
    };
    on('SIGINT', stop);
    on('SIGTERM', stop);
    if (!json) ctx.stderr.write('watching readers; Ctrl-C to stop\n');
  });
}

/**
 * `readers [--watch] [--reader NAME]`: the PC/SC readers and what sits on each (kind, serial, model, applet version).
 * Needs no configuration. pcscd not running → exit 1 with `ERR_PCSCD_UNAVAILABLE` and how to start it.
 */
export function registerReadersCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('readers').description('list smart-card readers and the token on each (pcscd)')
    .option('--watch', 'print reader and card events until Ctrl-C')
    .option('--reader <name>', 'only readers whose name contains NAME (case-insensitive, as ykman --reader)')
    .action(async (opts: { watch?: boolean; reader?: string }) => {
      const wanted = (name: string): boolean => !opts.reader || name.toLowerCase().includes(opts.reader.toLowerCase());
      const json = globals().json === true;
      const logger = ctx.logger ?? createLogger({ level: 'warn', destination: ctx.stderr as Writable });
      let manager: DeviceManager | undefined;
      try {
        const backend = await createPcscBackend({ ...(ctx.env.PCSCLITE_CSOCK_NAME ? { socketPath: ctx.env.PCSCLITE_CSOCK_NAME } : {}), logger });
        manager = createDeviceManager({ backend, logger, clock: ctx.clock ?? createSystemClock() });
        const m = manager;
        const reports: ReaderReport[] = [];
        for (const r of (await m.listReaders()).filter((x) => wanted(x.name))) {
          reports.push({ reader: r.name, ...(r.card ? await describeCard(m, r.name, r.card.atr) : { card: null }) });
        }
        if (opts.watch) {
          if (!json) ctx.stdout.write(`${formatTable(['READER', 'CARD'], reports.map((r) => [r.reader, cardText(r)]))}\n`);
          else for (const r of reports) ctx.stdout.write(`${JSON.stringify({ type: 'present', ...r })}\n`);
          await watch(ctx, m, json, wanted);
          return;
        }
        printResult(ctx, json, reports, () => formatTable(['READER', 'CARD', 'ATR'], reports.map((r) => [r.reader, cardText(r), r.card?.atr ?? '-'])));
      } catch (err) {
        if (!(err instanceof DriverError)) throw err;
        ctx.stderr.write(json ? `${JSON.stringify({ error: { code: err.code, message: err.message, data: err.data } })}\n` : `error [${err.code}]: ${err.message}\n`);
        process.exitCode = 1;
      } finally {
        await manager?.close();
      }
    });
}
