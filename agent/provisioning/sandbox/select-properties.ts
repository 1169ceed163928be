// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import type { GraphObject } from './tenant-data.js';

/**
 * Projects `object` onto `$select` (comma-separated; `id` is always included) or, without one, onto
 * `defaults`. A property absent from the object but in `known` is returned as null. A name not in `known`
 * is 400 `BadRequest` (OData's "Could not find a property named …").
 */
export function selectProperties(object: GraphObject, select: string | null, defaults: readonly string[], known: readonly string[], typeName: string): GraphObject {
  const names = select === null ? defaults : ['id', ...select.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'id')];
  const out: GraphObject = {};
  for (const name of names) {
    if (!known.includes(name)) throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type '${typeName}'.`);
    out[name] = object[name] ?? null;
  }
  return out;
}
