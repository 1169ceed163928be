// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';

/** One comparison of a `$filter`: `prop eq 'v'`, `prop eq true`, or `prop in ('a', 'b')` (values as strings or booleans). */
export interface FilterClause {
  property: string;
  values: (string | boolean)[];
}

/** A parsed `$filter`: clauses joined by one connective. */
export interface ODataFilter {
  connective: 'and' | 'or';
  clauses: FilterClause[];
}

const LITERAL = String.raw`'(?:[^']|'')*'|true|false`;
const CLAUSE = new RegExp(String.raw`^\s*([A-Za-z][A-Za-z0-9]*)\s+(?:eq\s+(${LITERAL})|in\s+\(\s*((?:${LITERAL})(?:\s*,\s*(?:${LITERAL}))*)\s*\))\s*$`);
const LITERAL_GLOBAL = new RegExp(LITERAL, 'g');

function parseLiteral(text: string): string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text.slice(1, -1).replace(/''/g, "'");
}

/** Splits at ` and ` / ` or ` outside string literals. */
function splitOutsideQuotes(text: string): { parts: string[]; connectives: ('and' | 'or')[] } {
  const parts: string[] = [];
  const connectives: ('and' | 'or')[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "'") inQuote = !inQuote;
    if (inQuote || text[i] !== ' ') continue;
    const m = /^ (and|or) /i.exec(text.slice(i, i + 5));
    if (m?.[1] === undefined) continue;
    parts.push(text.slice(start, i));
    connectives.push(m[1].toLowerCase() as 'and' | 'or');
    i += m[0].length - 1;
    start = i + 1;
  }
  parts.push(text.slice(start));
  return { parts, connectives };
}

/**
 * Parses the subset of OData `$filter` the directory supports for these resources: `eq` and `in` on the
 * properties in `allowed`, joined by `and` or `or` (not both). String literals use OData's `''` escape.
 * The value reaching this function is already percent-decoded (and `+` already read as a space, as a
 * form-encoded query is). Anything else is 400 `Request_UnsupportedQuery`.
 */
export function parseODataFilter(text: string, allowed: readonly string[]): ODataFilter {
  const unsupported = (): GraphError => new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property or use of operator.');
  const { parts, connectives } = splitOutsideQuotes(text);
  if (new Set(connectives).size > 1) throw unsupported();
  const connective = connectives[0] ?? 'and';
  const clauses = parts.map((part): FilterClause => {
    const m = CLAUSE.exec(part);
    const property = m?.[1];
    if (!m || property === undefined || !allowed.includes(property)) throw unsupported();
    const values = m[2] !== undefined ? [parseLiteral(m[2])] : (m[3]?.match(LITERAL_GLOBAL) ?? []).map(parseLiteral);
    return { property, values };
  });
  return { connective, clauses };
}
