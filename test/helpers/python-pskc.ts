// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';

/**
 * Debian's interpreter, which has python3-pskc (the one first on PATH may be another install).
 * python-pskc and its scripts (csv2pskc, pskc2csv) are the independent oracle for PSKC import.
 */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** Runs a Python script with Debian's python3 and returns its stdout. */
export function runPython(script: string, args: readonly string[] = []): string {
  return execFileSync(DEBIAN_PYTHON, ['-c', script, ...args], { encoding: 'utf8', timeout: 30_000 });
}
