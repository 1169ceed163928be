// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';

/** 404 `Request_ResourceNotFound`, in Graph's words. */
export function resourceNotFound(key: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
}
