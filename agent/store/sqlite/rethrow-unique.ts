// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';

/**
 * Runs `fn`; a SQLite UNIQUE or PRIMARY KEY violation becomes `ERR_ALREADY_EXISTS` naming the entity
 * and the column SQLite reported (`users.upn` → field `upn`). Other errors pass through unchanged.
 */
export function rethrowUnique<T>(entity: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      const column = /: [a-z_]+\.([a-z_]+)/.exec(e.message ?? '')?.[1] ?? 'id';
      const field = column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      throw new MfaError('ERR_ALREADY_EXISTS', `${entity} with this ${field} already exists`, {
        cause: err,
        data: { entity, field },
      });
    }
    throw err;
  }
}
