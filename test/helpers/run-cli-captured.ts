// SPDX-License-Identifier: UNLICENSED
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '../../agent/cli/run-cli.js';
import type { CliContext } from '../../agent/cli/cli-context.js';
import { createNullLogger } from '../../agent/log/logger.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = unknown>(): T;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
}

/** Runs the real CLI in-process with captured output; `stdin` feeds standard input (not a TTY). */
export async function runCliCaptured(argv: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string; onSignal?: CliContext['onSignal'] } = {}): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const stdin = opts.stdin === undefined ? new PassThrough() : Readable.from([Buffer.from(opts.stdin)]);
  if (opts.stdin === undefined) (stdin as PassThrough).end();
  const code = await runCli(argv, {
    stdout: out.stream, stderr: err.stream, stdin, env: opts.env ?? {}, cwd: opts.cwd ?? process.cwd(), osUser: 'tester',
    logger: createNullLogger(), ...(opts.onSignal ? { onSignal: opts.onSignal } : {}),
  });
  return { code, stdout: out.text(), stderr: err.text(), json: <T>() => JSON.parse(out.text()) as T };
}
