// SPDX-License-Identifier: UNLICENSED
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A stand-in for systemd's notification socket: a python3 process bound to an AF_UNIX datagram socket
 * (Node has none) that prints each datagram as one JSON line. `messages()` returns what arrived.
 */
export interface NotifySocket {
  path: string;
  messages(): string[];
  waitFor(pred: (m: string) => boolean, timeoutMs: number): Promise<string>;
  close(): void;
}

const LISTENER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    print(json.dumps(s.recv(65536).decode()), flush=True)
`;

export async function openNotifySocket(dir: string): Promise<NotifySocket> {
  const path = join(dir, 'notify.sock');
  const child: ChildProcess = spawn('python3', ['-c', LISTENER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const received: string[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.on('data', (c: Buffer) => {
      buffer += c.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'bound') resolve();
        else received.push(JSON.parse(line) as string);
      }
    });
  });
  return {
    path,
    messages: () => [...received],
    async waitFor(pred, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const hit = received.find(pred);
        if (hit !== undefined) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching notification within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
    },
    close: () => { child.kill(); },
  };
}
