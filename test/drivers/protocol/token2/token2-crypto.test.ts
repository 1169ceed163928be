// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { Sm4 } from '../../../../drivers/protocol/token2/sm4.js';
import {
  authCryptogram,
  deriveMolto2Key,
  encryptSeed,
  MOLTO2_FACTORY_CUSTOMER_KEY,
  padIso9797M2,
  padSeed,
  TOKEN2_DEVICE_KEY,
  token2Mac,
  unpadIso9797M2,
} from '../../../../drivers/protocol/token2/token2-crypto.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const CHALLENGE = hex('1122334455667788');
const DEVICE = new Sm4(TOKEN2_DEVICE_KEY);

describe('padIso9797M2 / unpadIso9797M2', () => {
  test.each([
    ['', '80000000000000000000000000000000'],
    ['41434d45', '41434d45800000000000000000000000'],
    ['00'.repeat(15), `${'00'.repeat(15)}80`],
    ['11'.repeat(16), `${'11'.repeat(16)}80${'00'.repeat(15)}`],
  ])('%s', (input, padded) => {
    expect(padIso9797M2(hex(input)).toString('hex')).toBe(padded);
    expect(unpadIso9797M2(hex(padded))?.toString('hex')).toBe(input);
  });

  test('unpad refuses a missing marker', () => {
    expect(unpadIso9797M2(Buffer.alloc(16))).toBeNull();
    expect(unpadIso9797M2(Buffer.alloc(16, 0x31))).toBeNull();
  });
});

describe('padSeed', () => {
  test('ISO padding, except the all-zero "clear" seed which is zero-padded (§2.3)', () => {
    expect(padSeed(Buffer.from('12345678901234567890')).length).toBe(32);
    expect(padSeed(Buffer.alloc(32, 0x31)).length).toBe(48);
    expect(padSeed(Buffer.alloc(20))).toEqual(Buffer.alloc(32));
  });
});

describe('deriveMolto2Key', () => {
  test('factory key TOKEN2MOLTO1-KEY → 0992…7f79 (§2.3)', () => {
    expect(MOLTO2_FACTORY_CUSTOMER_KEY.toString('hex')).toBe('544f4b454e324d4f4c544f312d4b4559');
    expect(deriveMolto2Key(MOLTO2_FACTORY_CUSTOMER_KEY).toString('hex')).toBe('099250fdb017f442da429ecbbee17f79');
  });
});

describe('authCryptogram', () => {
  test.each([
    ['device key', TOKEN2_DEVICE_KEY, '8b7450f22721bc29985c2c460b65045d'],
    ['Molto2 factory key', deriveMolto2Key(MOLTO2_FACTORY_CUSTOMER_KEY), '550ec1328f963eb02972bb141e1cf521'],
  ])('%s', (_n, key, expected) => {
    expect(authCryptogram(new Sm4(key), CHALLENGE).toString('hex')).toBe(expected);
  });
});

describe('token2Mac and encryptSeed (§2.2 vectors)', () => {
  test('config MAC (M = 24 B, padded)', () => {
    expect(token2Mac(DEVICE, 0xd4, 0, 0, hex('81111f01010f04654fe60086060a01010d011e')).toString('hex')).toBe('930d8d5b');
  });

  test.each([
    ['12345678901234567890', '5e5856092fd3228d4d33eee3daac4b55ce37d18d332b7ac6a40e8661fa23042a', 'f47b0153'],
    ['12345678901234567890123456789012', '5e5856092fd3228d4d33eee3daac4b555de80aa99074ab9727640c64ff67d124d219efc9972fed9191df027fd36a80b0', 'f97ff0ca'],
  ])('seed %s', (seed, cipher, mac) => {
    const enc = encryptSeed(DEVICE, Buffer.from(seed, 'ascii'));
    expect(enc.toString('hex')).toBe(cipher);
    expect(token2Mac(DEVICE, 0xc5, 0x01, 0x00, enc).toString('hex')).toBe(mac);
  });

  test('a block-aligned MAC input is not padded', () => {
    const body = Buffer.alloc(11, 0xab);
    const m = Buffer.concat([hex('80d4000b'), Buffer.from([11]), body]);
    const cbc = DEVICE.encryptCbc(m);
    expect(token2Mac(DEVICE, 0xd4, 0, 0x0b, body)).toEqual(cbc.subarray(0, 4));
  });
});
