// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import type { DeviceManager } from '../../drivers/device-manager.js';

/**
 * Resolves once `reader` holds no card (at once when it is empty). Rejects with `ERR_READER_GONE` when the reader
 * detaches or is unknown, and with `ERR_CANCELED` on abort.
 */
export async function waitForRemoval(devices: Pick<DeviceManager, 'listReaders' | 'subscribe'>, reader: string, signal?: AbortSignal): Promise<void> {
  const canceled = () => new DriverError('ERR_CANCELED', `waiting for the token to leave ${reader} was aborted`, { data: { reader } });
  if (signal?.aborted) throw canceled();
  let off = (): void => undefined;
  let onAbort = (): void => undefined;
  const removed = new Promise<void>((resolve, reject) => {
    off = devices.subscribe((e) => {
      if (e.type === 'card-removed' && e.reader === reader) resolve();
      else if (e.type === 'reader-detached' && e.reader === reader) reject(new DriverError('ERR_READER_GONE', `reader ${reader} is gone`, { data: { reader } }));
      else if (e.type === 'service-lost') reject(e.error);
    });
    onAbort = () => reject(canceled());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const now = (await devices.listReaders()).find((r) => r.name === reader);
    if (!now) throw new DriverError('ERR_READER_GONE', `no reader named "${reader}"`, { data: { reader } });
    if (!now.card) return;
    await removed;
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
    removed.catch(() => undefined);
  }
}
