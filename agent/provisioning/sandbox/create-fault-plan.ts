// SPDX-License-Identifier: UNLICENSED
import type { SandboxFault, SandboxFaultMatch } from './sandbox-tenant.js';

export interface FaultPlan {
  add(match: SandboxFaultMatch, fault: SandboxFault): void;
  /** The first armed fault matching `method` and `path`, consuming one of its `times`; else null. */
  take(method: string, path: string): SandboxFault | null;
}

export function createFaultPlan(): FaultPlan {
  const armed: { match: SandboxFaultMatch; fault: SandboxFault; left: number }[] = [];
  return {
    add(match, fault) {
      armed.push({ match, fault, left: match.times ?? 1 });
    },
    take(method, path) {
      const i = armed.findIndex(({ match, left }) =>
        left > 0 &&
        (match.method === undefined || match.method.toUpperCase() === method) &&
        (match.path === undefined || (typeof match.path === 'string' ? match.path === path : match.path.test(path))));
      const entry = armed[i];
      if (!entry) return null;
      entry.left -= 1;
      if (entry.left === 0) armed.splice(i, 1);
      return entry.fault;
    },
  };
}
