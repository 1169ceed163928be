// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { Sm4 } from '../../../../drivers/protocol/token2/sm4.js';
import {
  authFinishApdu,
  molto2ConfigApdu,
  molto2ConfigBody,
  molto2SeedInfoApdu,
  molto2SetKeyApdu,
  molto2TimeSyncBody,
  molto2TitleApdu,
  seedApdu,
  token2ConfigApdu,
} from '../../../../drivers/protocol/token2/token2-apdus.js';
import { deriveMolto2Key, MOLTO2_FACTORY_CUSTOMER_KEY, TOKEN2_DEVICE_KEY } from '../../../../drivers/protocol/token2/token2-crypto.js';

const CHALLENGE = Buffer.from('1122334455667788', 'hex');
const DEVICE = new Sm4(TOKEN2_DEVICE_KEY);
const MOLTO = new Sm4(deriveMolto2Key(MOLTO2_FACTORY_CUSTOMER_KEY));
const T = 0x654fe600;

describe('single-profile APDUs (§2.2, verified against Token2 firmware)', () => {
  test.each([
    ['AUTH', () => authFinishApdu(DEVICE, CHALLENGE), '80ce0000108b7450f22721bc29985c2c460b65045d'],
    ['CONFIG', () => token2ConfigApdu(DEVICE, { displayTimeout: 30, time: T, algorithm: 'SHA1', period: 30 }), '84d400001781111f01010f04654fe60086060a01010d011e930d8d5b'],
    ['SEED20', () => seedApdu(DEVICE, Buffer.from('12345678901234567890')), '84c50100245e5856092fd3228d4d33eee3daac4b55ce37d18d332b7ac6a40e8661fa23042af47b0153'],
    [
      'SEED32',
      () => seedApdu(DEVICE, Buffer.from('12345678901234567890123456789012')),
      '84c50100345e5856092fd3228d4d33eee3daac4b555de80aa99074ab9727640c64ff67d124d219efc9972fed9191df027fd36a80b0f97ff0ca',
    ],
  ])('%s', (_name, build, expected) => {
    expect(build().toString('hex')).toBe(expected);
  });
});

describe('Molto2 APDUs (§2.3 computed vectors, profile 1)', () => {
  test.each([
    ['AUTH', () => authFinishApdu(MOLTO, CHALLENGE), '80ce000010550ec1328f963eb02972bb141e1cf521'],
    [
      'CONFIG',
      () => molto2ConfigApdu(MOLTO, 1, molto2ConfigBody({ displayTimeout: 30, time: T, algorithm: 'SHA1', digits: 6, period: 30 })),
      '84d401011a81141f01010f04654fe60086090a01010b01060d011e811b4185',
    ],
    ['SEED20', () => seedApdu(MOLTO, Buffer.from('12345678901234567890'), 1), '84c50101245d848c69eb8e884e7d20591ff89adeff31fd80354bf08248e60d457774bbf06ef63c99b0'],
    ['TITLE', () => molto2TitleApdu(MOLTO, 1, Buffer.from('ACME')), '84d5000114b92704351ff156bdf979ea736b443ca5fa2b253e'],
    ['SEED INFO', () => molto2SeedInfoApdu(1), '804100010170'],
  ])('%s', (_name, build, expected) => {
    expect(build().toString('hex')).toBe(expected);
  });

  test('time-sync body and key-change layout', () => {
    expect(molto2TimeSyncBody(T).toString('hex')).toBe('81060f04654fe600');
    const newKey = deriveMolto2Key(Buffer.from('new-customer-key'));
    const apdu = molto2SetKeyApdu(MOLTO, newKey);
    expect(apdu.subarray(0, 5).toString('hex')).toBe('84d7000024');
    expect(apdu.length).toBe(5 + 36);
    const plain = MOLTO.decryptEcb(apdu.subarray(5, 37));
    expect(plain.toString('hex')).toBe(`00${newKey.toString('hex')}80${'00'.repeat(14)}`);
  });
});
