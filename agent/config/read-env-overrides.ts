// SPDX-License-Identifier: UNLICENSED
/**
 * Collects `MFA_APPLIANCE_*` environment overrides. Rules:
 * - each variable must name a leaf key (`envVarName`); any other `MFA_APPLIANCE_*` name is an issue
 *   naming the variable, except `MFA_APPLIANCE_CONFIG` (the config file path);
 * - string and enum keys take the text verbatim (so `[::]:8443` stays a string); a nullable string key
 *   set to `null` or `~` becomes null;
 * - number, boolean and list keys parse the text as one YAML scalar or flow value (`5000`, `true`, `[a, b]`).
 */
import type { ConfigIssue } from '../errors.js';
import type { ConfigKeyRow } from './describe-config.js';
import { ENV_PREFIX } from './describe-config.js';
import { parseYaml } from './yaml-adapter.js';

/** The variable that names the config file; not an override. */
export const CONFIG_FILE_ENV = 'MFA_APPLIANCE_CONFIG';

export interface EnvOverride {
  row: ConfigKeyRow;
  variable: string;
  value: unknown;
}

export interface EnvOverrides {
  overrides: EnvOverride[];
  issues: ConfigIssue[];
}

/** Reads overrides from `env`; never throws, problems come back as `issues`. */
export function readEnvOverrides(env: NodeJS.ProcessEnv, rows: readonly ConfigKeyRow[]): EnvOverrides {
  const byVar = new Map(rows.map((r) => [r.envVar, r]));
  const result: EnvOverrides = { overrides: [], issues: [] };
  for (const variable of Object.keys(env).sort()) {
    const text = env[variable];
    if (!variable.startsWith(ENV_PREFIX) || variable === CONFIG_FILE_ENV || text === undefined) continue;
    const row = byVar.get(variable);
    if (row === undefined) {
      result.issues.push({ path: variable, message: unknownVariableMessage(variable, rows) });
      continue;
    }
    const parsed = parseEnvText(text, row);
    if (parsed.ok) result.overrides.push({ row, variable, value: parsed.value });
    else result.issues.push({ path: row.path, message: `${variable} is not a valid YAML value (${parsed.reason}), got ${row.secret ? '<redacted>' : JSON.stringify(text)}` });
  }
  return result;
}

function parseEnvText(text: string, row: ConfigKeyRow): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (row.kind === 'string' || row.kind === 'enum') {
    return { ok: true, value: row.nullable && (text === 'null' || text === '~') ? null : text };
  }
  const parsed = parseYaml(text);
  if (parsed.ok) return parsed;
  return { ok: false, reason: parsed.problems.map((p) => p.message).join('; ') };
}

function unknownVariableMessage(variable: string, rows: readonly ConfigKeyRow[]): string {
  const section = rows.find((r) => r.envVar.startsWith(`${variable}__`));
  if (section !== undefined) return `environment variable names a section, not a key; set its keys instead, e.g. ${section.envVar}`;
  return `environment variable maps to no config key (keys and their variables are listed in docs/config.md)`;
}
