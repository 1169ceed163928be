// SPDX-License-Identifier: UNLICENSED
/**
 * Walks the config schema and lists every leaf key with its type, default, documentation and
 * environment variable. The loader uses the rows to map environment variables and find secret and
 * path keys; the doc generator renders them. Reads zod's public `_zod.def` introspection data
 * structurally, so this file needs no runtime zod import.
 */
import type { ConfigKeyMeta } from './schema.js';
import { configSchema } from './schema.js';

/** The kind of a leaf value; decides how an environment variable's text is parsed. */
export type ConfigKeyKind = 'string' | 'enum' | 'integer' | 'number' | 'boolean' | 'array' | 'record';

export interface ConfigKeyRow {
  /** Dotted path, e.g. `store.sqlite.busyTimeoutMs`. */
  path: string;
  segments: readonly string[];
  /** e.g. `MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS`. */
  envVar: string;
  kind: ConfigKeyKind;
  /** Human-readable type with bounds, e.g. `integer 1024–10485760`, `string | null`. */
  type: string;
  nullable: boolean;
  default: unknown;
  title: string;
  description: string;
  recommendation: string | undefined;
  secret: boolean;
  fsPath: boolean;
}

/** Prefix of every override variable. */
export const ENV_PREFIX = 'MFA_APPLIANCE_';

interface SchemaNode {
  _zod: { def: { type: string; [k: string]: unknown } };
  meta(): Record<string, unknown> | undefined;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

/** The environment variable for a key path: `server.tls.certFile` → `MFA_APPLIANCE_SERVER__TLS__CERT_FILE`. */
export function envVarName(segments: readonly string[]): string {
  return ENV_PREFIX + segments.map((s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__');
}

/** Every leaf key of `schema` (default: the app's `configSchema`), in declaration order. */
export function describeConfig(schema: unknown = configSchema): ConfigKeyRow[] {
  const rows: ConfigKeyRow[] = [];
  walk(schema as SchemaNode, [], rows);
  return rows;
}

function walk(node: SchemaNode, segments: string[], rows: ConfigKeyRow[]): void {
  const { type, innerType, shape } = node._zod.def;
  if (type === 'prefault') return walk(innerType as SchemaNode, segments, rows);
  if (type === 'object') {
    for (const [name, child] of Object.entries(shape as Record<string, SchemaNode>)) walk(child, [...segments, name], rows);
    return;
  }
  rows.push(describeLeaf(node, segments));
}

function describeLeaf(node: SchemaNode, segments: string[]): ConfigKeyRow {
  const path = segments.join('.');
  const meta = node.meta() as Partial<ConfigKeyMeta> | undefined;
  if (node._zod.def.type !== 'default' || meta?.title === undefined || meta.description === undefined) {
    throw new Error(`config schema: key ${path} needs .default() and key() metadata with title and description`);
  }
  let inner = node._zod.def.innerType as SchemaNode;
  const nullable = inner._zod.def.type === 'nullable';
  if (nullable) inner = inner._zod.def.innerType as SchemaNode;
  const { kind, type } = describeType(inner);
  return {
    path, segments, envVar: envVarName(segments), kind,
    type: nullable ? `${type} | null` : type,
    nullable, default: node._zod.def.defaultValue,
    title: meta.title, description: meta.description, recommendation: meta.recommendation,
    secret: meta.secret === true, fsPath: meta.fsPath === true,
  };
}

function describeType(node: SchemaNode): { kind: ConfigKeyKind; type: string } {
  const def = node._zod.def;
  switch (def.type) {
    case 'string': return { kind: 'string', type: 'string' };
    case 'boolean': return { kind: 'boolean', type: 'boolean' };
    case 'enum': {
      const values = Object.values(def.entries as Record<string, string>);
      return { kind: 'enum', type: values.map((v) => JSON.stringify(v)).join(' | ') };
    }
    case 'number': {
      const kind = node.isInt === true ? 'integer' : 'number';
      return { kind, type: `${kind}${bounds(node.minValue, node.maxValue)}` };
    }
    case 'array': return { kind: 'array', type: `${describeType(def.element as SchemaNode).type}[]` };
    case 'record': return { kind: 'record', type: `map of name → ${describeType(def.valueType as SchemaNode).type}` };
    // A choice of literal numbers, e.g. key sizes 2048 | 3072 | 4096.
    case 'union': {
      const values = (def.options as SchemaNode[]).map((o) => (o._zod.def.values as unknown[] | undefined)?.[0]);
      if (!values.every((v) => typeof v === 'number')) throw new Error('config schema: only unions of number literals are supported');
      return { kind: 'integer', type: values.join(' | ') };
    }
    // An element of a list of records (documented by the list key's description).
    case 'object': return { kind: 'string', type: `{ ${Object.keys(def.shape as Record<string, unknown>).join(', ')} }` };
    default: throw new Error(`config schema: unsupported leaf type ${def.type}`);
  }
}

function bounds(min: number | null | undefined, max: number | null | undefined): string {
  const lo = typeof min === 'number' && min > Number.MIN_SAFE_INTEGER ? min : undefined;
  const hi = typeof max === 'number' && max < Number.MAX_SAFE_INTEGER ? max : undefined;
  if (lo !== undefined && hi !== undefined) return ` ${lo}–${hi}`;
  if (lo !== undefined) return ` ≥ ${lo}`;
  return hi !== undefined ? ` ≤ ${hi}` : '';
}
