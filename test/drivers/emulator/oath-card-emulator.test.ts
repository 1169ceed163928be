// SPDX-License-Identifier: UNLICENSED
/** Card-level behaviour of `OathCardEmulator`, driven with raw APDUs (the protocol suite covers the rest). */
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../drivers/core/bytes.js';
import { OathCardEmulator, type OathCardEmulatorOptions } from '../../../drivers/emulator/oath-card-emulator.js';

const SELECT = '00a4040007a0000005272101';
const PUT_ALICE = '000100001e710a41434d453a616c6963657310210648656c6c6f21deadbeef00000000';

async function run(card: OathCardEmulator, hex: string): Promise<string> {
  return toHex(await card.process(fromHex(hex)));
}
const sw = (reply: string): string => reply.slice(-4);

async function selected(options: OathCardEmulatorOptions = {}): Promise<OathCardEmulator> {
  const card = new OathCardEmulator({ salt: fromHex('0102030405060708'), ...options });
  expect(sw(await run(card, SELECT))).toBe('9000');
  return card;
}

describe('OathCardEmulator', () => {
  test('status words for malformed or misplaced commands', async () => {
    const card = new OathCardEmulator();
    expect(await run(card, '00a1000000')).toBe('6d00');
    expect(await run(card, '00a4040007a0000005272001')).toBe('6a82');
    expect(sw(await run(card, SELECT))).toBe('9000');
    expect(await run(card, '80a1000000')).toBe('6e00');
    expect(await run(card, '00a1000100')).toBe('6b00');
    expect(await run(card, '0004dead00'.replace('dead', 'dea0'))).toBe('6b00');
    expect(await run(card, '00ee000000')).toBe('6d00');
    expect(await run(card, '000100000571')).toBe('6700');
    expect(await run(card, '00a5000000')).toBe('6985');
    expect(await run(card, '00a3000004 75007400'.replace(' ', ''))).toBe('6a80');
    expect(await run(card, '00a300000d 750174 74080102030405060708'.replace(/ /g, ''))).toBe('6984');
  });

  test.each([
    ['key shorter than 14 bytes', '000100001a 710a41434d453a616c696365 730c210648656c6c6f21deadbeef'],
    ['unknown type 0x30', '000100001e 710a41434d453a616c696365 7310310648656c6c6f21deadbeef00000000'],
    ['digits 5', '000100001e 710a41434d453a616c696365 7310210548656c6c6f21deadbeef00000000'],
    ['missing key tag', '000100000c 710a41434d453a616c696365'],
    ['key TLV runs past the data', '000100000e 710a41434d453a616c696365 7310'],
    ['IMF of 3 bytes', '0001000023 710a41434d453a616c696365 7310110648656c6c6f21deadbeef00000000 7a03000005'],
  ])('PUT with %s is 6A80 and stores nothing', async (_what, hex) => {
    const card = await selected();
    expect(await run(card, hex.replace(/ /g, ''))).toBe('6a80');
    expect(card.credentials()).toEqual([]);
  });

  test('SHA-512 is 6A80 and RENAME 6D00 on firmware that lacks them', async () => {
    const card = await selected({ version: [4, 2, 6] });
    expect(await run(card, `0001000055 7101 78 7350 2308 ${'11'.repeat(78)}`.replace(/ /g, ''))).toBe('6a80');
    expect(sw(await run(card, PUT_ALICE))).toBe('9000');
    expect(await run(card, '000500000e 710a41434d453a616c696365 7100'.replace(/ /g, ''))).toBe('6d00');
  });

  test('a password card wants VALIDATE: 6982 before, and again after power loss', async () => {
    const card = await selected({ password: 'pw' });
    expect(await run(card, '00a1000000')).toBe('6982');
    expect(await run(card, PUT_ALICE)).toBe('6982');
    card.powerOff();
    expect(await run(card, '00a1000000')).toBe('6d00');
  });

  test('a long reply is sent in parts: 61xx counts what is left, SEND REMAINING fetches it, another command drops it', async () => {
    const card = await selected({ maxResponseLength: 16 });
    expect(sw(await run(card, PUT_ALICE))).toBe('9000');
    expect(sw(await run(card, PUT_ALICE.replace('710a41434d453a616c696365', '710a41434d453a616c696366')))).toBe('9000');
    const first = await run(card, '00a1000000');
    expect(first).toBe('720b2141434d453a616c696365720b21' + '610a');
    expect(await run(card, '00a5000000')).toBe('41434d453a616c696366' + '9000');
    expect(sw(await run(card, '00a1000000'))).toBe('610a');
    expect(sw(await run(card, SELECT))).toBe('9000');
    expect(await run(card, '00a5000000')).toBe('6985');
  });

  test('61 00 when 256 or more bytes remain', async () => {
    const card = await selected({ maxResponseLength: 16 });
    for (let i = 0; i < 30; i++) {
      const name = Buffer.from(`account-${String(i).padStart(2, '0')}`).toString('hex');
      expect(sw(await run(card, `000100001e710a${name}7310210648656c6c6f21deadbeef00000000`))).toBe('9000');
    }
    expect(sw(await run(card, '00a1000000'))).toBe('6100');
  });

  test('replies come on a later tick; overlapping commands are refused', async () => {
    const card = await selected({ latencyMs: 20 });
    let settled = false;
    const first = card.process(fromHex('00a1000000')).then((r) => ((settled = true), r));
    expect(settled).toBe(false);
    await expect(card.process(fromHex('00a1000000'))).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(toHex(await first)).toBe('9000');
  });

  test('tearOnCommand(n) tears the n-th command; applyWrite decides whether it took effect', async () => {
    const card = await selected();
    card.tearOnCommand(2);
    expect(await run(card, '00a1000000')).toBe('9000');
    await expect(card.process(fromHex(PUT_ALICE))).rejects.toMatchObject({ code: 'ERR_CARD_REMOVED' });
    expect(card.credentials()).toEqual([]);
    expect(await run(card, '00a1000000')).toBe('6d00');
    expect(sw(await run(card, SELECT))).toBe('9000');
    card.tearOnCommand(1, { applyWrite: true });
    await expect(card.process(fromHex(PUT_ALICE))).rejects.toMatchObject({ code: 'ERR_CARD_REMOVED' });
    expect(card.credential('ACME:alice')).toBeDefined();
  });
});
