// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { MASK_ALL_DATA, TrafficLogger } from '../../../drivers/core/traffic-log.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { SendRemainingConnection } from '../../../drivers/transport/send-remaining-connection.js';
import { withTrafficLog } from '../../../drivers/transport/with-traffic-log.js';

describe('withTrafficLog', () => {
  test('logs each wire exchange (under the chaining decorator) and failures', async () => {
    const lines: string[] = [];
    const script = new ScriptedConnection([
      { send: '00a1000000', recv: 'aa 6101' },
      { send: '00a5000000', recv: 'bb 9000' },
    ]);
    const conn = new SendRemainingConnection(withTrafficLog(script, new TrafficLogger((l) => lines.push(l)), MASK_ALL_DATA));
    expect((await conn.transmit(fromHex('00a1000000'))).data).toEqual(fromHex('aabb'));
    await expect(conn.transmit(fromHex('00a2000000'))).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(lines).toEqual([
      '>> 00a1000000',
      '<< ‹1 bytes masked› 6101',
      '>> 00a5000000',
      '<< ‹1 bytes masked› 9000',
      '>> 00a2000000',
      expect.stringMatching(/^!! ERR_PROTOCOL unexpected command #2: sent 00a2000000/),
    ]);
  });
});
