// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
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
