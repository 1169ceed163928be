// SPDX-License-Identifier: UNLICENSED
import { Writable } from 'node:stream';
import type { Actor } from '../actor.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../log/create-logger.js';
import { createRuntime, openServices, type Runtime, type Services } from '../main.js';
import type { CliContext, GlobalOptions } from './cli-context.js';

/** Loads and validates the configuration named by `--config` / `$MFA_APPLIANCE_CONFIG`. */
export function loadRuntime(ctx: CliContext, opts: GlobalOptions, level?: 'info' | 'warn'): Runtime {
  const config = loadConfig({ file: opts.config, env: ctx.env, cwd: ctx.cwd });
  const logger = ctx.logger ?? createLogger({ level: level ?? 'warn', destination: ctx.stderr as Writable });
  return createRuntime(config, ctx.env, { logger, ...(ctx.clock ? { clock: ctx.clock } : {}), ...(ctx.random ? { random: ctx.random } : {}) });
}

/** Runs `fn` with opened services and closes them afterwards, also on failure. */
export async function withServices<T>(ctx: CliContext, opts: GlobalOptions, fn: (s: Services, actor: Actor, rt: Runtime) => Promise<T>): Promise<T> {
  const rt = loadRuntime(ctx, opts);
  const services = await openServices(rt);
  try {
    return await fn(services, cliActor(ctx), rt);
  } finally {
    await services.close();
  }
}

export function cliActor(ctx: CliContext): Actor {
  return { id: `cli:${ctx.osUser || 'unknown'}`, source: 'cli' };
}
