// SPDX-License-Identifier: UNLICENSED
/**
 * Turns a validated `AppConfig` into a `ResolvedConfig`:
 * - relative filesystem paths resolve against the config file's directory, or against `cwd` when set
 *   from the environment (or when there is no file); `:memory:` is left alone;
 * - the derived defaults are filled: TLS files and the SQLite file under `dataDir`, the master key
 *   under `$CREDENTIALS_DIRECTORY` (systemd) or `dataDir`, and `server.publicUrl` from `server.listen`.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DeepReadonly } from './deep-freeze.js';
import type { ConfigKeyRow } from './describe-config.js';
import { isWildcardHost, parseListen } from './parse-listen.js';
import type { AppConfig } from './schema.js';

type Filled<T, K extends keyof T> = Omit<T, K> & { [P in K]: NonNullable<T[P]> };
type Server = AppConfig['server'];
type Store = AppConfig['store'];

/** `AppConfig` with every derived default filled in; the object the daemon receives (deep-frozen). */
export type ResolvedConfig = DeepReadonly<Omit<AppConfig, 'server' | 'store' | 'vault'> & {
  server: Omit<Server, 'publicUrl' | 'tls'> & { publicUrl: string; tls: Filled<Server['tls'], 'certFile' | 'keyFile'> };
  store: Omit<Store, 'sqlite'> & { sqlite: Filled<Store['sqlite'], 'path'> };
  vault: Filled<AppConfig['vault'], 'masterKeyFile'>;
}>;

export interface ResolveContext {
  rows: readonly ConfigKeyRow[];
  /** Absolute path of the config file, or null when none was read. */
  file: string | null;
  /** Dotted paths whose value came from an environment variable. */
  fromEnv: ReadonlySet<string>;
  cwd: string;
  /** systemd's `$CREDENTIALS_DIRECTORY`, if set. */
  credentialsDirectory: string | undefined;
  /** Host name used for a derived `publicUrl` when listening on every interface. */
  hostname: string;
}

/** Returns a new object; `config` is not modified. */
export function resolveConfig(config: AppConfig, ctx: ResolveContext): ResolvedConfig {
  const out = structuredClone(config);
  for (const row of ctx.rows) {
    if (!row.fsPath) continue;
    const value = getAt(out, row.segments);
    if (typeof value !== 'string' || isAbsolute(value) || value === ':memory:') continue;
    const base = ctx.file === null || ctx.fromEnv.has(row.path) ? ctx.cwd : dirname(ctx.file);
    setAt(out, row.segments, resolve(base, value));
  }
  const { dataDir, server, store, vault } = out;
  const credentials = ctx.credentialsDirectory === undefined || ctx.credentialsDirectory === ''
    ? undefined
    : resolve(ctx.cwd, ctx.credentialsDirectory);
  return {
    ...out,
    server: {
      ...server,
      publicUrl: server.publicUrl === null ? derivePublicUrl(server, ctx.hostname) : server.publicUrl.replace(/\/+$/, ''),
      tls: {
        ...server.tls,
        certFile: server.tls.certFile ?? join(dataDir, 'tls', 'cert.pem'),
        keyFile: server.tls.keyFile ?? join(dataDir, 'tls', 'key.pem'),
      },
    },
    store: { ...store, sqlite: { ...store.sqlite, path: store.sqlite.path ?? join(dataDir, 'mfa-appliance.db') } },
    vault: {
      masterKeyFile: vault.masterKeyFile ?? (credentials === undefined ? join(dataDir, 'master-key') : join(credentials, 'master-key')),
    },
  };
}

function derivePublicUrl(server: Server, hostname: string): string {
  const listen = parseListen(server.listen);
  if (listen === null) throw new Error(`resolveConfig: server.listen ${server.listen} was not validated`);
  const host = isWildcardHost(listen.host) ? hostname : listen.host;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${server.tls.enabled ? 'https' : 'http'}://${shown}:${listen.port}`;
}

function getAt(obj: unknown, segments: readonly string[]): unknown {
  let cur = obj;
  for (const s of segments) cur = (cur as Record<string, unknown>)[s];
  return cur;
}

function setAt(obj: unknown, segments: readonly string[], value: unknown): void {
  const parent = getAt(obj, segments.slice(0, -1)) as Record<string, unknown>;
  parent[segments[segments.length - 1] as string] = value;
}
