// SPDX-License-Identifier: UNLICENSED
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createLogger } from '../../log/create-logger.js';
import { runDoctor } from '../../ops/doctor/run-doctor.js';
import { createSystemRandom } from '../../ports/random.js';
import { createSystemClock } from '../../ports/clock.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { cliActor } from '../load-runtime.js';
import { printResult } from '../output.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: 'skip' } as const;

/** `doctor`: exits 1 when any check fails; warnings alone exit 0. */
export function registerDoctorCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('doctor').description('check configuration, keys, store, vault, audit chain, certificates and the OTP engine').action(async () => {
    const report = await runDoctor({
      ...(globals().config ? { file: globals().config } : {}),
      env: ctx.env, cwd: ctx.cwd, clock: ctx.clock ?? createSystemClock(), random: ctx.random ?? createSystemRandom(),
      logger: ctx.logger ?? createLogger({ level: 'warn', destination: ctx.stderr as Writable }), actor: cliActor(ctx),
    });
    printResult(ctx, globals().json, report, () => [
      ...report.checks.map((c) => {
        const lines = c.detail.split('\n');
        const head = `[${MARK[c.status]}] ${c.name}: ${lines[0] ?? ''}`;
        return [head, ...lines.slice(1).map((l) => `       ${l}`), ...(c.fix ? [`       fix: ${c.fix}`] : [])].join('\n');
      }),
      report.ok ? 'doctor: no failures' : 'doctor: FAILED',
    ].join('\n'));
    if (!report.ok) process.exitCode = 1;
  });
}
