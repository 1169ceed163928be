// SPDX-License-Identifier: UNLICENSED
import type { ODataFilter } from './parse-odata-filter.js';
import type { GraphObject } from './tenant-data.js';

/** Properties compared exactly; every other string compares case-insensitively, as the directory does. */
const CASE_SENSITIVE = new Set(['onPremisesImmutableId']);

/** True when `object` satisfies the parsed `$filter`. */
export function matchesFilter(object: GraphObject, filter: ODataFilter): boolean {
  const test = (property: string, values: (string | boolean)[]): boolean => {
    const actual = object[property];
    return values.some((v) => {
      if (typeof v === 'boolean' || typeof actual !== 'string') return actual === v;
      return CASE_SENSITIVE.has(property) ? actual === v : actual.toLowerCase() === v.toLowerCase();
    });
  };
  return filter.connective === 'and'
    ? filter.clauses.every((c) => test(c.property, c.values))
    : filter.clauses.some((c) => test(c.property, c.values));
}
