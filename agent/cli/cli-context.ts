// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Logger } from '../log/logger.js';

/** The CLI's I/O edges, injected so tests run commands in-process with captured streams. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The OS user running the command, recorded as actor `cli:<user>`. */
  osUser: string;
  clock?: Clock;
  random?: Random;
  /** Logger for opened services; the CLI is quiet (warn level to stderr) unless given one. */
  logger?: Logger;
  /** Installs signal handlers (serve); tests pass a function that records them instead. */
  onSignal?: (signal: NodeJS.Signals, handler: () => void) => void;
}

/** Options every command sees (`--config`, `--json`). */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
}
