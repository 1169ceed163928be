// SPDX-License-Identifier: UNLICENSED
/**
 * The configuration loader: the only code that reads the process environment for settings.
 *
 * Order: schema defaults ← YAML file (`opts.file`, else `$MFA_APPLIANCE_CONFIG`, else none) ←
 * `MFA_APPLIANCE_*` environment overrides. The result is validated once, derived defaults are
 * filled (`resolveConfig`), and it is deep-frozen. Every problem found — unreadable file, YAML syntax,
 * unknown key or variable, wrong type or value, missing required key — is collected into one
 * `ConfigError` whose issues name the key path (`(file)` for file-level problems) and the bad value.
 * The CLI maps a `ConfigError` to exit code 2.
 */
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { ConfigError } from '../errors.js';
import { deepFreeze } from './deep-freeze.js';
import { describeConfig } from './describe-config.js';
import { formatIssues } from './format-issues.js';
import { CONFIG_FILE_ENV, readEnvOverrides } from './read-env-overrides.js';
import type { ResolvedConfig } from './resolve-config.js';
import { resolveConfig } from './resolve-config.js';
import { configSchema } from './schema.js';
import { parseYaml } from './yaml-adapter.js';

export interface LoadConfigOptions {
  /** Path of the YAML file (`--config`); overrides `$MFA_APPLIANCE_CONFIG`. Relative to `cwd`. */
  file?: string;
  /** The environment: `MFA_APPLIANCE_*` overrides, `MFA_APPLIANCE_CONFIG`, `CREDENTIALS_DIRECTORY`. */
  env: NodeJS.ProcessEnv;
  /** Base of relative paths given on the command line or in the environment. Default: `process.cwd()`. */
  cwd?: string;
  /** Host name for a derived `server.publicUrl`. Default: `os.hostname()`. */
  hostname?: string;
}

/** Loads, validates and freezes the configuration. Throws `ConfigError` (and nothing else) on bad input. */
export function loadConfig(opts: LoadConfigOptions): ResolvedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const rows = describeConfig();
  const named = opts.file ?? opts.env[CONFIG_FILE_ENV];
  const file = named === undefined || named === '' ? null : resolve(cwd, named);
  const document = file === null ? {} : readConfigFile(file);

  const env = readEnvOverrides(opts.env, rows);
  const envSources = new Map<string, string>();
  for (const { row, variable, value } of env.overrides) {
    if (setLeaf(document, row.segments, value)) envSources.set(row.path, variable);
  }

  const parsed = configSchema.safeParse(document);
  const issues: ConfigIssue[] = [
    ...env.issues,
    ...(parsed.success ? [] : formatIssues(parsed.error.issues, { input: document, rows, envSources })),
  ];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);

  return deepFreeze(resolveConfig(parsed.data, {
    rows, file, cwd,
    fromEnv: new Set(envSources.keys()),
    credentialsDirectory: opts.env.CREDENTIALS_DIRECTORY,
    hostname: opts.hostname ?? osHostname(),
  }));
}

/** Reads and parses the file; the root must be a mapping (an empty file counts as `{}`). */
function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ path: '(file)', message: `cannot read config file: ${reason}` }], { cause: err });
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    throw new ConfigError(parsed.problems.map((p) => ({
      path: '(file)',
      message: `${file}${p.line === undefined ? '' : `:${p.line}:${p.col ?? 0}`}: ${p.message}`,
    })));
  }
  if (parsed.value === null) return {};
  if (typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    const got = Array.isArray(parsed.value) ? 'a list' : JSON.stringify(parsed.value);
    throw new ConfigError([{ path: '(root)', message: `expected a mapping of config keys, got ${got}` }]);
  }
  return parsed.value as Record<string, unknown>;
}

/**
 * Sets a leaf in the raw document, creating missing sections. Returns false (and leaves the file's
 * value for the schema to report) when a section on the way is not a mapping.
 */
function setLeaf(document: Record<string, unknown>, segments: readonly string[], value: unknown): boolean {
  let cur = document;
  for (const s of segments.slice(0, -1)) {
    const next = cur[s] ?? (cur[s] = {});
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return false;
    cur = next as Record<string, unknown>;
  }
  cur[segments[segments.length - 1] as string] = value;
  return true;
}
