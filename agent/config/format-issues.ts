// SPDX-License-Identifier: UNLICENSED
/**
 * Turns schema validation issues into `ConfigIssue`s that name the exact key path and the bad value:
 * - a wrong type reads `expected number, got string "x"`;
 * - a failed check reads `<what was expected>, got <value as JSON>`;
 * - an unknown key gets its own issue `a.b.key: unknown key`, with a suggestion when one is close;
 * - a value set by an environment variable says so (`(from MFA_APPLIANCE_…)`);
 * - a value under a `secret` key is never shown (`<redacted>`; `null` is still shown as null).
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import type { ConfigKeyRow } from './describe-config.js';

export interface IssueContext {
  /** The document that was validated (file merged with environment overrides). */
  input: unknown;
  rows: readonly ConfigKeyRow[];
  /** Dotted leaf path → the environment variable that set it. */
  envSources: ReadonlyMap<string, string>;
}

type Segment = PropertyKey;

/** Formats a key path: `server.trustedProxies[1]`; the empty path is `(root)`. */
export function formatKeyPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : `${out === '' ? '' : '.'}${String(s)}`;
  return out === '' ? '(root)' : out;
}

/** One `ConfigIssue` per problem, in the order zod reported them (unknown keys split per key). */
export function formatIssues(issues: readonly z.core.$ZodIssue[], ctx: IssueContext): ConfigIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: formatKeyPath([...issue.path, k]), message: unknownKeyMessage(issue.path, k, ctx.rows) }));
    }
    const leaf = issue.path.filter((s): s is string => typeof s === 'string').join('.');
    const secret = ctx.rows.some((r) => r.secret && r.path === leaf);
    const value = valueAt(ctx.input, issue.path);
    const variable = ctx.envSources.get(leaf);
    const from = variable === undefined ? '' : ` (from ${variable})`;
    return [{ path: formatKeyPath(issue.path), message: `${expectation(issue, secret, value)}${from}` }];
  });
}

function expectation(issue: z.core.$ZodIssue, secretKey: boolean, value: unknown): string {
  const secret = secretKey && value !== null && value !== undefined;
  const got = value === undefined ? ' (not set)' : `, got ${secret ? '<redacted>' : json(value)}`;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      return `expected ${expected}, got ${secret ? `${typeName(value)} <redacted>` : describeValue(value)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => json(v)).join(' | ')}${got}`;
    case 'too_small':
    case 'too_big':
      return `${boundText(issue)}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function boundText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const op = small ? (issue.inclusive === false ? '>' : '≥') : (issue.inclusive === false ? '<' : '≤');
  if (issue.origin === 'string') return `expected ${small ? 'at least' : 'at most'} ${String(limit)} characters`;
  if (issue.origin === 'array') return `expected ${small ? 'at least' : 'at most'} ${String(limit)} items`;
  return `expected a number ${op} ${String(limit)}`;
}

function unknownKeyMessage(parent: readonly Segment[], name: string, rows: readonly ConfigKeyRow[]): string {
  const depth = parent.length;
  const siblings = new Set(rows
    .filter((r) => r.segments.length > depth && parent.every((s, i) => r.segments[i] === s))
    .map((r) => r.segments[depth] as string));
  const near = [...siblings].find((s) => isNear(s, name));
  return near === undefined ? 'unknown key' : `unknown key (did you mean "${near}"?)`;
}

/** Same letters ignoring case and `_`/`-`, or at most two single-character edits apart. */
function isNear(known: string, typed: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
  if (norm(known) === norm(typed)) return true;
  const a = known.toLowerCase();
  const b = typed.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return (prev[b.length] ?? Infinity) <= 2;
}

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let cur = input;
  for (const s of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[s];
  }
  return cur;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  return value === null ? 'null' : `${typeName(value)} ${json(value)}`;
}

/** JSON text of a value, cut to 80 characters. */
function json(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
