// SPDX-License-Identifier: UNLICENSED
/**
 * Serialises a JSON value to one canonical string, so that equal values always give equal bytes.
 *
 * Rules:
 * - object members are sorted by key in UTF-16 code unit order (JavaScript's default sort, as in
 *   RFC 8785), recursively; members whose value is `undefined` are omitted;
 * - no whitespace; strings and numbers are written exactly as `JSON.stringify` writes them
 *   (shortest round-trip numbers, `-0` as `0`, lone surrogates as `\uXXXX` escapes, other
 *   non-ASCII characters verbatim);
 * - accepted values are `null`, booleans, finite numbers, strings, arrays and plain objects
 *   (prototype `Object.prototype` or `null`). Anything else — `NaN`, `±Infinity`, `undefined`
 *   outside an object member (array holes included), bigint, functions, symbols, Buffers, Dates, Maps, class instances,
 *   and cycles — throws a `TypeError` naming the path (`$.a[2].b`).
 *
 * A value that survives `JSON.parse(JSON.stringify(v))` unchanged gives the same output before and
 * after that round trip, which is what lets a stored audit record be re-hashed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set());
}

function write(value: unknown, path: string, stack: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, path, stack);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
  }
}

function writeContainer(value: object, path: string, stack: Set<object>): string {
  if (stack.has(value)) throw new TypeError(`canonicalJson: cycle at ${path}`);
  stack.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) items.push(write(value[i], `${path}[${i}]`, stack));
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonicalJson: not a plain object at ${path}`);
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`, stack)}`);
    return `{${members.join(',')}}`;
  } finally {
    stack.delete(value);
  }
}
