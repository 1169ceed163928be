// SPDX-License-Identifier: UNLICENSED
import net from 'node:net';
import { DriverError } from '../core/errors.js';

/** pcsc-lite's client socket; libpcsclite uses `$PCSCLITE_CSOCK_NAME` instead when it is set. */
export const DEFAULT_PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

/** What to tell an operator when pcscd is not reachable. */
export function pcscdUnavailableMessage(socketPath: string, reason: string): string {
  return `pcscd (the PC/SC smart-card service) is not reachable at ${socketPath} (${reason}); ` +
    'start it with "systemctl start pcscd" (or run "pcscd -f" in a terminal) and try again';
}

/**
 * Resolves when something accepts connections on pcscd's socket; rejects with `ERR_PCSCD_UNAVAILABLE`
 * (data.socket, data.errno) otherwise. Needed because libpcsclite's `SCardEstablishContext` is retried
 * by @pokusew/pcsclite in a busy loop on the main thread while the service is missing.
 */
export function probePcscd(socketPath: string, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const fail = (reason: string, errno?: string): void => {
      socket.destroy();
      reject(new DriverError('ERR_PCSCD_UNAVAILABLE', pcscdUnavailableMessage(socketPath, reason), { data: { socket: socketPath, errno } }));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT'));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message, err.code));
  });
}
