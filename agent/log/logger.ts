// SPDX-License-Identifier: UNLICENSED
/**
 * The logging interface every module receives. Methods take a structured object first and a message
 * second (pino's order). Implementations must redact the keys listed in `REDACT_PATHS`.
 */
export interface Logger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything; the default where none is passed. */
export function createNullLogger(): Logger {
  const noop = (): void => {};
  const logger: Logger = {
    trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop,
    child: () => logger,
  };
  return logger;
}
