// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DriverError } from '../../../drivers/core/errors.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { Sm4 } from '../../../drivers/protocol/token2/sm4.js';
import { authFinishApdu, secureApdu, token2ConfigApdu } from '../../../drivers/protocol/token2/token2-apdus.js';
import { TOKEN2_DEVICE_KEY } from '../../../drivers/protocol/token2/token2-crypto.js';
import { loadTranscript as loadFile } from '../../helpers/scripted-connection.js';

const loadTranscript = (name: string): ReturnType<typeof loadFile> => loadFile(path.join(import.meta.dirname, '../../fixtures/transcripts', name));

const CHALLENGE = Buffer.from('1122334455667788', 'hex');
const SM4 = new Sm4(TOKEN2_DEVICE_KEY);
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

function vectorToken(): Token2TokenEmulator {
  return new Token2TokenEmulator({ clock: () => 0x654fe5f0 * 1000, random: () => Buffer.from(CHALLENGE) });
}

async function sw(card: Token2TokenEmulator, apdu: Buffer): Promise<string> {
  return (await card.process(apdu)).toString('hex');
}

async function authenticate(card: Token2TokenEmulator): Promise<void> {
  expect(await sw(card, hex('804b080000'))).toBe('11223344556677889000');
  expect(await sw(card, authFinishApdu(SM4, CHALLENGE))).toBe('9000');
}

describe('Token2TokenEmulator', () => {
  test.each(['token2-burn-sha1-20.jsonl', 'token2-burn-sha1-32.jsonl'])('answers %s exactly as recorded', async (file) => {
    const card = vectorToken();
    for (const step of loadTranscript(file)) expect(await sw(card, hex(step.send))).toBe(step.recv);
    expect(card.state()).toMatchObject({ seedPresent: true, algorithm: 'SHA1', period: 30, displayTimeout: 30, deviceTime: 0x654fe600 });
  });

  test('status words for malformed and unauthorised commands', async () => {
    const card = vectorToken();
    const config = token2ConfigApdu(SM4, { algorithm: 'SHA1', period: 30, displayTimeout: 30, time: 1 });
    expect(await sw(card, config)).toBe('6983');
    expect(await sw(card, authFinishApdu(SM4, CHALLENGE))).toBe('6a80');
    expect(await sw(card, hex('8041'))).toBe('6700');
    expect(await sw(card, hex('80ce000010aabb'))).toBe('6700');
    expect(await sw(card, hex('80aa000000'))).toBe('6d00');
    expect(await sw(card, hex('00a4040000'))).toBe('6e00');
    await authenticate(card);
    const badMac = Buffer.from(config);
    badMac[badMac.length - 1]! ^= 1;
    expect(await sw(card, badMac)).toBe('6983');
    const unpadded = secureApdu(SM4, 0xc5, 0x01, 0x00, SM4.encryptEcb(Buffer.alloc(32, 0x31)));
    expect(await sw(card, unpadded)).toBe('6a80');
    const badTlv = secureApdu(SM4, 0xd4, 0x00, 0x00, Buffer.alloc(19));
    expect(await sw(card, badTlv)).toBe('6a80');
    expect(await sw(card, secureApdu(SM4, 0xd4, 0x00, 0x00, hex('81111f01090f04654fe60086060a01010d011e')))).toBe('6a80');
    expect(card.state()).toMatchObject({ seedPresent: false, authenticated: true });
  });

  test('the challenge is single-use and power-off ends the session', async () => {
    const card = vectorToken();
    await authenticate(card);
    expect(await sw(card, authFinishApdu(SM4, CHALLENGE))).toBe('6a80');
    card.powerOff();
    expect(card.state().authenticated).toBe(false);
  });

  test('tearOnCommand(n) tears the n-th command after arming, once', async () => {
    const card = vectorToken();
    card.tearOnCommand(2);
    expect(await sw(card, hex('804b080000'))).toBe('11223344556677889000');
    const err = await card.process(hex('80410000020211')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect(err).toMatchObject({ code: 'ERR_CARD_REMOVED' });
    expect(await sw(card, hex('80410000020211'))).toMatch(/9000$/);
  });

  test('63CX lockout counts down and blocks', async () => {
    const card = new Token2TokenEmulator({ random: () => Buffer.from(CHALLENGE), lockout: { maxTries: 2, format: 'cx' } });
    const wrong = authFinishApdu(new Sm4(Buffer.alloc(16)), CHALLENGE);
    await sw(card, hex('804b080000'));
    expect(await sw(card, wrong)).toBe('63c1');
    await sw(card, hex('804b080000'));
    expect(await sw(card, wrong)).toBe('63c0');
    await sw(card, hex('804b080000'));
    expect(await sw(card, authFinishApdu(SM4, CHALLENGE))).toBe('63c0');
    expect(card.state()).toMatchObject({ blocked: true, triesLeft: 0, authenticated: false });
  });

  test('displayCode is null before a seed; a model name picks serial and sync behaviour', () => {
    expect(new Token2TokenEmulator({ model: 'C301-i' }).serial).toBe('86596100000001');
    expect(new Token2TokenEmulator().displayCode()).toBeNull();
    expect(() => new Token2TokenEmulator({ model: 'C300' })).toThrow(RangeError);
  });
});
