// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { createEmulatedConnection } from '../../drivers/emulator/create-emulated-connection.js';
import type { CardEmulator } from '../../drivers/emulator/card-emulator.js';
import { Molto2TokenEmulator } from '../../drivers/emulator/molto2-token-emulator.js';
import { OathCardEmulator, YUBIKEY_USB_ATR } from '../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../drivers/emulator/token2-token-emulator.js';
import { identifyCard } from '../../drivers/identify-card.js';

/** A card with no application we know: every command is `6D00` (INS not supported). */
const blankCard: CardEmulator = {
  atr: Buffer.from('3b8f8001804f0ca0000003060300030000000068', 'hex'),
  reset: () => undefined,
  powerOff: () => undefined,
  process: async () => Buffer.from([0x6d, 0x00]),
};

describe('identifyCard', () => {
  it('finds the YKOATH applet: version, device id and password state from SELECT', async () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    const id = await identifyCard(createEmulatedConnection(new OathCardEmulator({ version: [5, 7, 2], salt })));
    expect(id).toEqual({ kind: 'ykoath', version: '5.7.2', deviceId: expect.any(String), hasPassword: false });
    const locked = await identifyCard(createEmulatedConnection(new OathCardEmulator({ password: 'pw', atr: YUBIKEY_USB_ATR }), { kind: 'usb' }));
    expect(locked).toMatchObject({ kind: 'ykoath', version: '5.4.3', hasPassword: true });
  });

  it('reads a Token2 single-profile serial and names its model from the prefix', async () => {
    expect(await identifyCard(createEmulatedConnection(new Token2TokenEmulator({ model: 'C302-i' }))))
      .toEqual({ kind: 'token2', serial: '86596320000001', model: 'C302-i' });
    expect(await identifyCard(createEmulatedConnection(new Token2TokenEmulator())))
      .toEqual({ kind: 'token2', serial: '86596220000001', model: 'OTPC-P2-i' });
  });

  it('reports a Token2 with an unknown serial prefix without a model', async () => {
    expect(await identifyCard(createEmulatedConnection(new Token2TokenEmulator({ serial: '99999990000042' }))))
      .toEqual({ kind: 'token2', serial: '99999990000042' });
  });

  it('tells a Molto2 by its get-info, over NFC- and USB-looking transports', async () => {
    expect(await identifyCard(createEmulatedConnection(new Molto2TokenEmulator({ serial: '21000000077' }))))
      .toEqual({ kind: 'molto2', serial: '21000000077', model: 'Molto2' });
    expect(await identifyCard(createEmulatedConnection(new Molto2TokenEmulator(), { kind: 'usb' })))
      .toEqual({ kind: 'molto2', serial: '21000000001', model: 'Molto2' });
  });

  it('rejects anything else with ERR_UNKNOWN_CARD carrying the ATR', async () => {
    const err = await identifyCard(createEmulatedConnection(blankCard), { atr: blankCard.atr }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_UNKNOWN_CARD', data: { atr: blankCard.atr.toString('hex') } });
  });
});
