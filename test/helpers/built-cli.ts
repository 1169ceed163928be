// SPDX-License-Identifier: UNLICENSED
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The built `mfa-appliance` entry point (dist/), for tests that must run the CLI as a separate process. */
export const BUILT_CLI = join(ROOT, 'dist/agent/cli/bin.js');

/** Newest mtime of the .ts files below `dir`. */
function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0));
}

/**
 * Builds dist/ (tsc) when the sources the CLI runs are newer than the built programmer (scripts/test builds before
 * vitest, so in CI this is a stat walk).
 */
export function ensureBuiltCli(): void {
  const built = statSync(join(ROOT, 'dist/agent/tokens/run-program-job.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(...['agent', 'drivers'].map((d) => newest(join(ROOT, d))));
  if (existsSync(BUILT_CLI) && built >= sources) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // tsc still emits when a file being edited fails to typecheck; the run that follows shows whether the CLI works.
  }
  expect(existsSync(BUILT_CLI)).toBe(true);
}

export interface BuiltCliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Every JSON line the CLI printed on stdout (`--json` events), parsed, in order. */
  events: Array<Record<string, unknown>>;
  stderr: string;
}

/**
 * Runs the built CLI in its own process with `env` (PATH kept) and calls `onEvent` with each JSON line as it is
 * printed, with the child (to write its stdin or kill it). Resolves when the process exits.
 */
export function runBuiltCli(
  args: readonly string[], env: Record<string, string>,
  onEvent: (event: Record<string, unknown>, child: ChildProcessWithoutNullStreams) => void = () => undefined,
): { child: ChildProcessWithoutNullStreams; done: Promise<BuiltCliRun> } {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const events: Array<Record<string, unknown>> = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  child.stdout.on('data', (c: Buffer) => {
    pending += c.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      onEvent(event, child);
    }
  });
  const done = new Promise<BuiltCliRun>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, events, stderr })));
  return { child, done };
}
