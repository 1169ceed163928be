// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createEmulatedConnection } from '../../../drivers/emulator/create-emulated-connection.js';
import { Molto2TokenEmulator } from '../../../drivers/emulator/molto2-token-emulator.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { rotateMolto2FactoryKey } from '../../../drivers/protocol/rotate-molto2-factory-key.js';
import { MOLTO2_FACTORY_CUSTOMER_KEY } from '../../../drivers/protocol/token2/token2-crypto.js';

describe('rotateMolto2FactoryKey', () => {
  test('refuses the factory key itself and short keys before any APDU', async () => {
    const conn = new ScriptedConnection([]);
    await expect(rotateMolto2FactoryKey(conn, Buffer.from(MOLTO2_FACTORY_CUSTOMER_KEY))).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(rotateMolto2FactoryKey(conn, Buffer.alloc(8, 1))).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    conn.assertComplete();
  });

  test('reports awaiting-button, and commits on the press', async () => {
    const card = new Molto2TokenEmulator();
    const seen: string[] = [];
    const conn = createEmulatedConnection(card, { kind: 'usb' });
    const done = rotateMolto2FactoryKey(conn, Buffer.from('per-device-key-1'), {
      pollIntervalMs: 1,
      onStatus: (s) => {
        seen.push(s);
        if (s === 'awaiting-button') setTimeout(() => card.pressButton(), 5);
      },
    });
    await expect(done).resolves.toEqual({ serial: card.serial });
    expect(seen).toEqual(['awaiting-button', 'committed']);
    expect(card.state()).toMatchObject({ pending: null, authenticated: true, triesLeft: 10 });
  });
});
