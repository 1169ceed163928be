// SPDX-License-Identifier: UNLICENSED
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createLogger } from '../../log/create-logger.js';
import { DEFAULT_PCSCD_SOCKET, probePcscd } from '../../../drivers/backends/probe-pcscd.js';
import type { DoctorCheck } from '../../ops/doctor/doctor-check.js';
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
      extraChecks: [() => checkPcscd(ctx.env.PCSCLITE_CSOCK_NAME ?? DEFAULT_PCSCD_SOCKET)],
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

/** The PC/SC service the token readers need: a warning, not a failure (an appliance may run without readers). */
async function checkPcscd(socket: string): Promise<DoctorCheck> {
  try {
    await probePcscd(socket);
    return { name: 'PC/SC service', status: 'ok', detail: `pcscd answers on ${socket}` };
  } catch (err) {
    return {
      name: 'PC/SC service', status: 'warn', detail: `pcscd is not reachable on ${socket}: token readers are unavailable`,
      fix: 'systemctl enable --now pcscd (Debian package pcscd)', data: { error: err instanceof Error ? err.message : String(err) },
    };
  }
}
