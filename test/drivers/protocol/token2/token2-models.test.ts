// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { token2ModelForSerial, TOKEN2_MODELS } from '../../../../drivers/protocol/token2/token2-models.js';

describe('token2ModelForSerial', () => {
  test.each([
    ['86596120000001', 'OTPC-P1-i', true],
    ['86596220001234', 'OTPC-P2-i', false],
    ['86596210000001', 'OTPC-P2-i-NB', false],
    ['86596000000001', 'miniOTP-2-i', true],
    ['86596010000001', 'miniOTP-3-i', false],
    ['86596090000001', 'miniOTP-3-i-NB', false],
    ['86596100000001', 'C301-i', false],
    ['86596320000001', 'C302-i', true],
  ])('%s → %s (keeps seed on time sync: %s)', (serial, name, keeps) => {
    expect(token2ModelForSerial(serial)).toMatchObject({ name, keepsSeedOnTimeSync: keeps });
  });

  test('unknown prefixes, including the unlisted C300, are not guessed', () => {
    expect(token2ModelForSerial('86596990000001')).toBeNull();
    expect(token2ModelForSerial('')).toBeNull();
    expect(TOKEN2_MODELS.map((m) => m.name)).not.toContain('C300');
  });
});
