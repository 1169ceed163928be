// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import { GRAPH_SHAPES, type GraphShape } from './graph-shapes.js';
import { loadGraphTypeData, type GraphTypeData } from './load-graph-type-data.js';
import type { GraphObject } from './tenant-data.js';

/** Checks request bodies against the modelled Graph types (and, when loaded, Microsoft's property lists). */
export interface BodyValidator {
  /**
   * Returns `body` as an object when every property exists on `typeName` (e.g. `microsoft.graph.user`) with
   * a value of the declared JSON type. `annotations` lists the `@`-annotated keys the operation accepts
   * (`members@odata.bind`); `@odata.type` is accepted when it names `typeName`.
   * Throws GraphError 400: an empty or non-object body, an unknown property, a wrong JSON type, a bad enum value.
   */
  validate(version: string, typeName: string, body: unknown, annotations?: readonly string[]): GraphObject;
}

const EDM_PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  'Edm.String': (v) => typeof v === 'string',
  'Edm.Boolean': (v) => typeof v === 'boolean',
  'Edm.Int32': (v) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31,
  'Edm.Guid': (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  'Edm.DateTimeOffset': (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v),
};

function badRequest(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function nodeKind(v: unknown): string {
  return Array.isArray(v) ? 'StartArray' : typeof v === 'object' && v !== null ? 'StartObject' : 'PrimitiveValue';
}

function literal(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `typeDataDir` null: only modelled properties. Otherwise Microsoft's lists are loaded on first use. */
export function createBodyValidator(typeDataDir: string | null): BodyValidator {
  let typeData: GraphTypeData | null = null;
  const declared = (version: string, shape: GraphShape, prop: string): boolean => {
    if (typeDataDir === null) return false;
    typeData ??= loadGraphTypeData(typeDataDir);
    return shape.lineage.some((t) => typeData?.declares(version, t, prop) === true);
  };

  const checkValue = (version: string, type: string, prop: string, value: unknown): void => {
    if (value === null) return;
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection?.[1] !== undefined) {
      if (!Array.isArray(value)) {
        throw badRequest(`An unexpected '${nodeKind(value)}' node was found for property named '${prop}' when reading from the JSON reader. A 'StartArray' node was expected.`);
      }
      for (const item of value) checkValue(version, collection[1], prop, item);
      return;
    }
    const primitive = EDM_PRIMITIVE[type];
    const set = GRAPH_SHAPES[version];
    const enumValues = set?.enums[type];
    if (primitive || enumValues) {
      if (nodeKind(value) !== 'PrimitiveValue') {
        throw badRequest(`An unexpected '${nodeKind(value)}' node was found for property named '${prop}' when reading from the JSON reader. A 'PrimitiveValue' node was expected.`);
      }
      if (primitive && !primitive(value)) throw badRequest(`Cannot convert the literal '${literal(value)}' to the expected type '${type}'.`);
      if (enumValues && (typeof value !== 'string' || !enumValues.includes(value))) {
        throw badRequest(`Requested value '${literal(value)}' was not found. (property '${prop}', enum type '${type.replace(/^graph\./, 'microsoft.graph.')}')`);
      }
      return;
    }
    const complexName = type.replace(/^graph\./, 'microsoft.graph.');
    if (nodeKind(value) !== 'StartObject') {
      throw badRequest(`An unexpected '${nodeKind(value)}' node was found for property named '${prop}' when reading from the JSON reader. A 'StartObject' node was expected.`);
    }
    validateObject(version, complexName, value as GraphObject, []);
  };

  const validateObject = (version: string, typeName: string, body: GraphObject, annotations: readonly string[]): GraphObject => {
    const shape = GRAPH_SHAPES[version]?.shapes[typeName];
    if (!shape) throw new Error(`sandbox has no shape for ${version} ${typeName}`);
    for (const [key, value] of Object.entries(body)) {
      if (key === '@odata.type') {
        if (value !== `#${typeName}` && value !== `#${typeName.replace(/^microsoft\.graph\./, '')}`) {
          throw badRequest(`A type named '${literal(value).replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
        }
        continue;
      }
      if (key.includes('@')) {
        if (!annotations.includes(key)) throw badRequest(`The property '${key}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
        continue;
      }
      const type = shape.properties[key];
      if (type === undefined) {
        if (declared(version, shape, key)) continue;
        throw badRequest(`The property '${key}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
      }
      checkValue(version, type, key, value);
    }
    return body;
  };

  return {
    validate(version, typeName, body, annotations = []) {
      if (body === undefined) throw badRequest('Empty Payload. JSON content expected.');
      if (nodeKind(body) !== 'StartObject') {
        throw badRequest(`An unexpected '${nodeKind(body)}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`);
      }
      return validateObject(version, typeName, body as GraphObject, annotations);
    },
  };
}
