// SPDX-License-Identifier: UNLICENSED
import { createServer } from 'node:net';

/** A loopback TCP port that was free a moment ago (for configs, which require a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
