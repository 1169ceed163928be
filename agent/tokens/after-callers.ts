// SPDX-License-Identifier: UNLICENSED
/**
 * Waits one macrotask, so the promise chains of a `submitCode` caller settle (it sees its answer) before the job's
 * next event (the next `enter_code` or `failed`).
 */
export function afterCallers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
