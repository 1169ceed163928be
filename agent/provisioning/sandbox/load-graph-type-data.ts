// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MfaError } from '../../errors.js';

/** Property names Microsoft declares per type, from `<version>-{entity,complex}-types.json` (msgraph-metadata). */
export interface GraphTypeData {
  /** True when `property` is a structural property of `typeName` (short name such as `user`) in `version`. */
  declares(version: string, typeName: string, property: string): boolean;
}

type TypeFile = Record<string, Record<string, { properties?: string[]; navigationProperties?: string[] }>>;

/**
 * Reads the files of one version on first use and keeps them for the life of the returned object.
 * `ERR_CONFIG_FILE` when a file is missing or not the expected JSON.
 */
export function loadGraphTypeData(dir: string): GraphTypeData {
  const byVersion = new Map<string, Map<string, Set<string>>>();
  const load = (version: string): Map<string, Set<string>> => {
    let types = byVersion.get(version);
    if (types) return types;
    types = new Map();
    for (const kind of ['entity', 'complex']) {
      const file = join(dir, `${version}-${kind}-types.json`);
      let parsed: TypeFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as TypeFile;
      } catch (err) {
        throw new MfaError('ERR_CONFIG_FILE', `cannot read Graph type data ${file}: ${(err as Error).message}`, { cause: err, data: { file } });
      }
      for (const [name, entry] of Object.entries(parsed['microsoft.graph'] ?? {})) {
        types.set(name, new Set(entry.properties ?? []));
      }
    }
    byVersion.set(version, types);
    return types;
  };
  return {
    declares: (version, typeName, property) => load(version).get(typeName)?.has(property) ?? false,
  };
}
