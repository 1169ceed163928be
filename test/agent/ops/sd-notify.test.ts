// SPDX-License-Identifier: UNLICENSED
import { afterEach, describe, expect, it } from 'vitest';
import { createSdNotifier } from '../../../agent/ops/sd-notify.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { openNotifySocket, type NotifySocket } from '../../helpers/notify-socket.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
let socket: NotifySocket | undefined;
afterEach(() => socket?.close());

describe('createSdNotifier (through the real systemd-notify)', () => {
  it('sends READY=1 with MAINPID and STATUS, then STOPPING=1', async () => {
    socket = await openNotifySocket(tempDir());
    const n = createSdNotifier({ NOTIFY_SOCKET: socket.path }, createNullLogger());
    n.ready('serving on https://127.0.0.1:8443');
    const ready = await socket.waitFor((m) => m.includes('READY=1'), 5000);
    expect(ready.split('\n')).toEqual(expect.arrayContaining(['READY=1', `MAINPID=${process.pid}`, 'STATUS=serving on https://127.0.0.1:8443']));
    n.stopping();
    await socket.waitFor((m) => m.includes('STOPPING=1'), 5000);
    n.close();
  });

  it('pings the watchdog at half the interval only while healthy', { timeout: 15_000 }, async () => {
    socket = await openNotifySocket(tempDir());
    let healthy = true;
    const n = createSdNotifier({ NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '2000000' }, createNullLogger());
    n.startWatchdog(async () => healthy);
    await socket.waitFor((m) => m.includes('WATCHDOG=1'), 3000);
    healthy = false;
    // let a ping already on its way (systemd-notify spawned just before) arrive before counting
    await new Promise((r) => setTimeout(r, 1200));
    const count = socket.messages().filter((m) => m.includes('WATCHDOG=1')).length;
    await new Promise((r) => setTimeout(r, 2300));
    expect(socket.messages().filter((m) => m.includes('WATCHDOG=1')).length).toBe(count);
    n.close();
  });

  it('does nothing without NOTIFY_SOCKET', async () => {
    socket = await openNotifySocket(tempDir());
    const n = createSdNotifier({}, createNullLogger());
    n.ready('x');
    n.startWatchdog(async () => true);
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.messages()).toEqual([]);
    n.close();
  });
});
