// SPDX-License-Identifier: UNLICENSED
/**
 * For the demo's helper processes: runs `stop` on SIGTERM or SIGINT, or when the parent (the demo
 * script) is gone without signalling, checked once a second.
 */
export function stopWithParent(stop: () => void): void {
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}
