// SPDX-License-Identifier: UNLICENSED
/**
 * The only importer of the `yaml` package. Parsing is strict: YAML 1.2 core schema, unique keys,
 * one document, unresolved tags are errors, and aliases are bounded against expansion bombs.
 * Malformed input is an expected outcome and comes back as a value, not an exception.
 */
import YAML from 'yaml';

/** Aliases a document may expand; a config needs none, so a small bound stops "billion laughs". */
export const MAX_YAML_ALIASES = 50;

/** One syntax or structure problem; `line`/`col` are 1-based when known. */
export interface YamlProblem {
  message: string;
  line?: number;
  col?: number;
}

export type YamlParseResult = { ok: true; value: unknown } | { ok: false; problems: YamlProblem[] };

/**
 * Parses a YAML document (a config file, or one scalar/flow value such as `5000`, `true`, `[a, b]`
 * from an environment variable) to plain data; an empty document is `null`.
 */
export function parseYaml(text: string): YamlParseResult {
  const doc = YAML.parseDocument(text, { schema: 'core', uniqueKeys: true, strict: true, prettyErrors: true, customTags: [] });
  const problems = [...doc.errors, ...doc.warnings].map((e): YamlProblem => {
    const pos = e.linePos?.[0];
    return pos === undefined ? { message: firstLine(e.message) } : { message: firstLine(e.message), line: pos.line, col: pos.col };
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (err) {
    return { ok: false, problems: [{ message: err instanceof Error ? err.message : String(err) }] };
  }
}

/** Serialises plain data as block YAML (used for the defaults example in docs/config.md). */
export function stringifyYaml(value: unknown): string {
  return YAML.stringify(value, { lineWidth: 0 });
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
