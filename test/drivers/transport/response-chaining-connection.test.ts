// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../drivers/core/bytes.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { GetResponseConnection } from '../../../drivers/transport/get-response-connection.js';
import { SendRemainingConnection } from '../../../drivers/transport/send-remaining-connection.js';

describe('SendRemainingConnection', () => {
  test('follows 61xx with 00 A5 00 00 00 until 9000 and joins the data', async () => {
    const script = new ScriptedConnection([
      { send: '00a400010a74080000000003913874', recv: 'aaaa 6104' },
      { send: '00a5000000', recv: 'bbbb 6102' },
      { send: '00a5000000', recv: 'cccc 9000' },
    ]);
    const conn = new SendRemainingConnection(script);
    const reply = await conn.transmit(fromHex('00a400010a74080000000003913874'));
    expect(toHex(reply.data)).toBe('aaaabbbbcccc');
    expect(reply.sw).toBe(0x9000);
    script.assertComplete();
  });

  test('a final error SW is returned with the data gathered so far', async () => {
    const script = new ScriptedConnection([
      { send: '00a1000000', recv: '01 6100' },
      { send: '00a5000000', recv: '6a80' },
    ]);
    const reply = await new SendRemainingConnection(script).transmit(fromHex('00a1000000'));
    expect(reply).toEqual({ data: fromHex('01'), sw: 0x6a80 });
  });

  test('a reply without 61xx passes through untouched', async () => {
    const script = new ScriptedConnection([{ send: '00a1000000', recv: '720121 9000' }]);
    const conn = new SendRemainingConnection(script);
    expect(conn.kind).toBe('nfc');
    expect(await conn.transmit(fromHex('00a1000000'))).toEqual({ data: fromHex('720121'), sw: 0x9000 });
  });

  test('a card that never stops answering 61xx is ERR_PROTOCOL', async () => {
    const forever = { kind: 'usb' as const, transmit: async () => ({ data: Buffer.alloc(0), sw: 0x6100 }), close: async () => undefined };
    await expect(new SendRemainingConnection(forever).transmit(fromHex('00a1000000'))).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
  });
});

describe('GetResponseConnection', () => {
  test('follows 61xx with 00 C0 00 00 xx', async () => {
    const script = new ScriptedConnection([
      { send: '00b0000000', recv: '0102 6110' },
      { send: '00c0000010', recv: '0304 9000' },
    ], { kind: 'usb' });
    const conn = new GetResponseConnection(script);
    expect(conn.kind).toBe('usb');
    expect(await conn.transmit(fromHex('00b0000000'))).toEqual({ data: fromHex('01020304'), sw: 0x9000 });
    await conn.close();
    await expect(script.transmit(fromHex('00'))).rejects.toMatchObject({ code: 'ERR_CANCELED' });
  });
});
