// SPDX-License-Identifier: UNLICENSED
import type { DeviceEvent, DeviceManager } from './device-manager.js';

export interface LazyDeviceManagerOptions {
  /** Opens the real manager (e.g. connects to pcscd); may reject while the service is down. */
  open(): Promise<DeviceManager>;
  /** After a failed open, calls within this long fail with the same error instead of retrying. @default 2000 */
  retryAfterMs?: number;
  clock?: { now(): number };
}

/**
 * A DeviceManager that connects on first use and again after a failure, so that a daemon starts while
 * pcscd is down and the console works as soon as it is up. Every method waits for the connection; while
 * it cannot be made, each rejects with the error `open` gave (e.g. `ERR_PCSCD_UNAVAILABLE`). Listeners
 * subscribed before the connection are attached once it is made.
 */
export function createLazyDeviceManager(options: LazyDeviceManagerOptions): DeviceManager {
  const retryAfterMs = options.retryAfterMs ?? 2000;
  const clock = options.clock ?? { now: () => Date.now() };
  let manager: DeviceManager | null = null;
  let opening: Promise<DeviceManager> | null = null;
  let failure: { error: unknown; at: number } | null = null;
  let closed = false;
  const listeners = new Map<(event: DeviceEvent) => void, () => void>();

  const ready = (): Promise<DeviceManager> => {
    if (manager) return Promise.resolve(manager);
    if (closed) return Promise.reject(new Error('device manager closed'));
    if (failure && clock.now() - failure.at < retryAfterMs) return Promise.reject(failure.error);
    opening ??= options.open().then(
      (m) => {
        manager = m;
        failure = null;
        for (const listener of listeners.keys()) listeners.set(listener, m.subscribe(listener));
        return m;
      },
      (error: unknown) => {
        failure = { error, at: clock.now() };
        throw error;
      },
    ).finally(() => { opening = null; });
    return opening;
  };

  return {
    listReaders: async () => (await ready()).listReaders(),
    subscribe(listener) {
      listeners.set(listener, manager ? manager.subscribe(listener) : () => undefined);
      if (!manager) void ready().catch(() => undefined);
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    waitForCard: async (reader, opts) => (await ready()).waitForCard(reader, opts),
    runExclusive: async (reader, job, opts) => (await ready()).runExclusive(reader, job, opts),
    identify: async (reader) => (await ready()).identify(reader),
    async close() {
      closed = true;
      const m = manager ?? (opening ? await opening.catch(() => null) : null);
      manager = null;
      await m?.close();
    },
  };
}
