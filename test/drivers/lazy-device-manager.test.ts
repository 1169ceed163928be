// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { DriverError } from '../../drivers/core/errors.js';
import { createDeviceManager, type DeviceEvent, type DeviceManager } from '../../drivers/device-manager.js';
import { createLazyDeviceManager } from '../../drivers/lazy-device-manager.js';
import { OathCardEmulator } from '../../drivers/emulator/oath-card-emulator.js';
import { EmulatedReaders } from '../agent/tokens/emulated-readers.js';

describe('createLazyDeviceManager', () => {
  it('connects on first use, reports the service down, retries after the pause, then attaches early listeners', async () => {
    let now = 0;
    let up = false;
    let opens = 0;
    const readers = new EmulatedReaders(['R1']);
    const lazy = createLazyDeviceManager({
      clock: { now: () => now },
      retryAfterMs: 2000,
      open: async (): Promise<DeviceManager> => {
        opens++;
        if (!up) throw new DriverError('ERR_PCSCD_UNAVAILABLE', 'pcscd is not running');
        return createDeviceManager({ backend: readers, clock: { now: () => now } });
      },
    });
    expect(opens).toBe(0);
    const events: DeviceEvent[] = [];
    lazy.subscribe((e) => events.push(e));
    await expect(lazy.listReaders()).rejects.toMatchObject({ code: 'ERR_PCSCD_UNAVAILABLE' });
    const attempts = opens;
    up = true;
    await expect(lazy.listReaders()).rejects.toMatchObject({ code: 'ERR_PCSCD_UNAVAILABLE' });
    expect(opens).toBe(attempts);
    now += 2000;
    expect((await lazy.listReaders()).map((r) => r.name)).toEqual(['R1']);
    expect(opens).toBe(attempts + 1);
    readers.insert('R1', new OathCardEmulator());
    expect(events.map((e) => [e.type, 'reader' in e ? e.reader : null])).toEqual([['card-inserted', 'R1']]);
    await lazy.listReaders();
    expect(opens).toBe(attempts + 1);
    await lazy.close();
    await expect(lazy.listReaders()).rejects.toThrow('closed');
  });
});
