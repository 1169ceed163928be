// SPDX-License-Identifier: UNLICENSED
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAPH_SHAPES } from '../../../../agent/provisioning/sandbox/graph-shapes.js';
import { TYPE_DATA_DIR } from './sandbox-fixture.js';

/**
 * The sandbox's hand-written shapes against Microsoft's own type data (../shared/reference/graph-types):
 * v1.0 property types and base types from the CSDL, beta property names from the beta lists, enum members
 * from the enum lists.
 */
const present = existsSync(join(TYPE_DATA_DIR, 'v1.0-Prod.csdl'));
if (!present) console.warn(`graph-shapes cross-check did NOT run: ${TYPE_DATA_DIR} is absent`);

type TypeFile = Record<string, Record<string, { properties?: string[]; navigationProperties?: string[] }>>;
const load = (name: string): unknown => JSON.parse(readFileSync(join(TYPE_DATA_DIR, name), 'utf8'));

/** `{ baseType, properties: name → Type }` of a CSDL EntityType/ComplexType in the microsoft.graph schema. */
function csdlType(csdl: string, name: string): { baseType: string | null; properties: Map<string, string> } | null {
  const start = new RegExp(`<(EntityType|ComplexType) Name="${name}"(?: BaseType="graph\\.(\\w+)")?[^>]*>`).exec(csdl);
  if (!start) return null;
  const end = csdl.indexOf(`</${start[1] ?? ''}>`, start.index);
  const body = csdl.slice(start.index, end);
  const properties = new Map<string, string>();
  for (const m of body.matchAll(/<(?:Navigation)?Property Name="(\w+)" Type="([^"]+)"/g)) properties.set(m[1] ?? '', m[2] ?? '');
  return { baseType: start[2] ?? null, properties };
}

describe.runIf(present)('GRAPH_SHAPES against Microsoft type data', () => {
  it('v1.0: lineage and every property type match the CSDL', () => {
    const csdl = readFileSync(join(TYPE_DATA_DIR, 'v1.0-Prod.csdl'), 'utf8').split('<Schema Namespace="microsoft.graph.callRecords"')[0] ?? '';
    const shapes = GRAPH_SHAPES['v1.0']?.shapes ?? {};
    expect(Object.keys(shapes).length).toBeGreaterThan(5);
    for (const [typeName, shape] of Object.entries(shapes)) {
      const chain = shape.lineage.map((t) => csdlType(csdl, t));
      chain.forEach((t, i) => {
        expect(t, `${typeName}: ${shape.lineage[i] ?? ''}`).not.toBeNull();
        expect(t?.baseType ?? null, `${shape.lineage[i] ?? ''} base`).toBe(shape.lineage[i + 1] ?? null);
      });
      for (const [prop, type] of Object.entries(shape.properties)) {
        const declared = chain.map((t) => t?.properties.get(prop)).find((x) => x !== undefined);
        expect(declared, `${typeName}.${prop}`).toBe(type);
      }
    }
  });

  it('beta: every property name is declared on the type or a base', () => {
    const entity = (load('beta-entity-types.json') as TypeFile)['microsoft.graph'] ?? {};
    const complex = (load('beta-complex-types.json') as TypeFile)['microsoft.graph'] ?? {};
    for (const [typeName, shape] of Object.entries(GRAPH_SHAPES.beta?.shapes ?? {})) {
      const names = new Set(shape.lineage.flatMap((t) => [...(entity[t]?.properties ?? complex[t]?.properties ?? []), ...(entity[t]?.navigationProperties ?? [])]));
      for (const prop of Object.keys(shape.properties)) expect(names.has(prop) || prop === 'id', `${typeName}.${prop}`).toBe(true);
    }
  });

  it('enum members match the enum lists', () => {
    for (const version of ['v1.0', 'beta'] as const) {
      const enums = (load(`${version}-enum-types.json`) as Record<string, Record<string, string[]>>)['microsoft.graph'] ?? {};
      for (const [name, members] of Object.entries(GRAPH_SHAPES[version]?.enums ?? {})) {
        expect([...members].sort(), name).toEqual([...(enums[name.replace(/^graph\./, '')] ?? [])].sort());
      }
    }
  });
});
