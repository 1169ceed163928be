// SPDX-License-Identifier: UNLICENSED
import pino from 'pino';
import type { Logger } from './logger.js';
import { REDACT_PATHS } from './redact-paths.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  /** Where JSON lines go. @default process.stdout */
  destination?: NodeJS.WritableStream;
  /** Static fields on every line. */
  base?: Record<string, unknown>;
}

/** The one pino adapter: JSON lines, ISO timestamps, `REDACT_PATHS` censored, errors serialised. */
export function createLogger(opts: LoggerOptions): Logger {
  const p = pino(
    {
      level: opts.level,
      base: { service: 'mfa-appliance', ...opts.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    (opts.destination ?? process.stdout) as pino.DestinationStream,
  );
  return wrap(p);
}

function wrap(p: pino.Logger): Logger {
  return {
    trace: (o, m) => p.trace(o, m),
    debug: (o, m) => p.debug(o, m),
    info: (o, m) => p.info(o, m),
    warn: (o, m) => p.warn(o, m),
    error: (o, m) => p.error(o, m),
    fatal: (o, m) => p.fatal(o, m),
    child: (bindings) => wrap(p.child(bindings)),
  };
}
