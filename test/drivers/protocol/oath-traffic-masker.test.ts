// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { OATH_TRAFFIC_MASKER as M } from '../../../drivers/protocol/oath-traffic-masker.js';

const cmd = (hex: string): Buffer => fromHex(hex);

describe('OATH_TRAFFIC_MASKER', () => {
  test.each([
    ['PUT with touch: key masked, type/digits and bare 78 02 shown',
      '0001000021 710b41434d453a746f75636879 7310210648656c6c6f21deadbeef00000000 7802',
      '0001000021710b41434d453a746f75636879' + '73102106‹14 bytes masked›7802'],
    ['PUT HOTP with IMF: counter shown',
      '0001000028 7108686f747075736572 731611063132333435363738393031323334353637383930 7a0400000005',
      '00010000287108686f747075736572' + '73161106‹20 bytes masked›7a0400000005'],
    ['PUT that does not parse: whole data masked', '0001000004 7310 2106', '0001000004‹4 bytes masked›'],
    ['SET CODE clear', '0003000002 7300', '00030000027300'],
    ['LIST is shown', '00a1000000', '00a1000000'],
  ])('command: %s', (_what, hex, shown) => expect(M.command(cmd(hex.replace(/ /g, '')))).toBe(shown));

  test('replies: codes and VALIDATE HMACs masked, continuations masked whole, SELECT shown', () => {
    expect(M.response(fromHex('760508bd51280a'), 0x9000, cmd('00a2000117'))).toBe('760508‹4 bytes masked›');
    expect(M.response(fromHex('7108686f747075736572770106'), 0x9000, cmd('00a400010a'))).toBe('7108686f747075736572770106');
    expect(M.response(fromHex('7514' + 'ab'.repeat(20)), 0x9000, cmd('00a3000020'))).toBe('7514‹20 bytes masked›');
    expect(M.response(fromHex('0506f3a8'), 0x9000, cmd('00a5000000'))).toBe('‹4 bytes masked›');
    expect(M.response(fromHex('760506f3a8'), 0x6103, cmd('00a400010a'))).toBe('‹5 bytes masked›');
    expect(M.response(fromHex('790305040371080102030405060708'), 0x9000, cmd('00a4040007a0000005272101'))).toBe('790305040371080102030405060708');
  });
});
