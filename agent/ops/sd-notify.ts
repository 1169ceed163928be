// SPDX-License-Identifier: UNLICENSED
import { execFile } from 'node:child_process';
import type { Logger } from '../log/logger.js';

/** systemd readiness and watchdog signalling; every method is a no-op outside systemd. */
export interface SdNotifier {
  ready(status: string): void;
  stopping(): void;
  /** Starts `WATCHDOG=1` pings at half of `$WATCHDOG_USEC` while `healthy()` resolves true. */
  startWatchdog(healthy: () => Promise<boolean>): void;
  close(): void;
}

/**
 * Sends through `systemd-notify` (Node has no AF_UNIX datagram sockets), so the unit needs
 * `NotifyAccess=all`; `MAINPID` is passed so systemd attributes the message to the daemon.
 */
export function createSdNotifier(env: NodeJS.ProcessEnv, logger: Logger): SdNotifier {
  const socket = env.NOTIFY_SOCKET;
  let timer: NodeJS.Timeout | undefined;
  const send = (...fields: string[]): void => {
    if (!socket) return;
    const childEnv = { PATH: env.PATH ?? '/usr/bin:/bin', NOTIFY_SOCKET: socket };
    execFile('systemd-notify', [`--pid=${process.pid}`, ...fields], { env: childEnv }, (err) => {
      if (err) logger.warn({ err: err.message }, 'systemd-notify failed');
    });
  };
  return {
    ready(status) {
      send('--ready', `STATUS=${status}`);
    },
    stopping() {
      send('STOPPING=1');
    },
    startWatchdog(healthy) {
      const usec = Number(env.WATCHDOG_USEC);
      if (!socket || !Number.isFinite(usec) || usec <= 0) return;
      timer = setInterval(() => {
        void healthy().then((ok) => ok && send('WATCHDOG=1'), () => undefined);
      }, Math.max(1000, usec / 2000));
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
