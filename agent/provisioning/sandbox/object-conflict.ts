// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';

/** Reference §4.5: 400 `Request_BadRequest` with `details[].code: "ObjectConflict"` for a taken unique value. */
export function objectConflict(property: string): GraphError {
  const message = `Another object with the same value for property ${property} already exists.`;
  return new GraphError(400, 'Request_BadRequest', message, { details: [{ code: 'ObjectConflict', message, target: property }] });
}
