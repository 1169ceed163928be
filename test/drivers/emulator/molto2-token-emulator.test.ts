// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Molto2TokenEmulator } from '../../../drivers/emulator/molto2-token-emulator.js';
import { Sm4 } from '../../../drivers/protocol/token2/sm4.js';
import { authFinishApdu, molto2ConfigApdu, molto2SetKeyApdu, secureApdu } from '../../../drivers/protocol/token2/token2-apdus.js';
import { deriveMolto2Key, MOLTO2_FACTORY_CUSTOMER_KEY } from '../../../drivers/protocol/token2/token2-crypto.js';
import { loadTranscript } from '../../helpers/scripted-connection.js';

const CHALLENGE = Buffer.from('1122334455667788', 'hex');
const FACTORY = new Sm4(deriveMolto2Key(MOLTO2_FACTORY_CUSTOMER_KEY));
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

function vectorToken(): Molto2TokenEmulator {
  return new Molto2TokenEmulator({ clock: () => 0x654fe5f0 * 1000, random: () => Buffer.from(CHALLENGE) });
}

async function sw(card: Molto2TokenEmulator, apdu: Buffer): Promise<string> {
  return (await card.process(apdu)).toString('hex');
}

async function authenticate(card: Molto2TokenEmulator, sm4 = FACTORY): Promise<string> {
  await sw(card, hex('804b080000'));
  return sw(card, authFinishApdu(sm4, CHALLENGE));
}

describe('Molto2TokenEmulator', () => {
  test('answers the §2.3 programming transcript as recorded', async () => {
    const card = vectorToken();
    for (const step of loadTranscript(path.join(import.meta.dirname, '../../fixtures/transcripts/molto2-program-profile1.jsonl'))) {
      expect(await sw(card, hex(step.send))).toBe(step.recv);
    }
    expect(card.profile(1)).toMatchObject({ seedPresent: true, seedLength: 20, title: 'ACME', algorithm: 'SHA1', digits: 6, period: 30, configTime: 0x654fe600 });
  });

  test('secure writes need auth and a good MAC; bad TLV and padding give 6A80; P2 past the last profile 6A86', async () => {
    const card = new Molto2TokenEmulator({ random: () => Buffer.from(CHALLENGE), profileCount: 50 });
    const title = secureApdu(FACTORY, 0xd5, 0x00, 0x01, FACTORY.encryptEcb(Buffer.alloc(16, 0x41)));
    expect(await sw(card, title)).toBe('6983');
    expect(await sw(card, hex('80e6000100'))).toBe('6983');
    expect(await authenticate(card)).toBe('9000');
    expect(await sw(card, title)).toBe('6a80');
    const badMac = Buffer.from(molto2ConfigApdu(FACTORY, 1, hex('81060f04654fe600')));
    badMac[badMac.length - 1]! ^= 0xff;
    expect(await sw(card, badMac)).toBe('6983');
    expect(await sw(card, molto2ConfigApdu(FACTORY, 1, hex('81060f04654fe600')))).toBe('9000');
    expect(await sw(card, molto2ConfigApdu(FACTORY, 1, Buffer.alloc(22)))).toBe('6a80');
    expect(await sw(card, molto2ConfigApdu(FACTORY, 50, hex('81060f04654fe600')))).toBe('6a86');
    expect(await sw(card, hex('804100320170'))).toBe('6a86');
    expect(card.state().deviceTime).toBe(0x654fe600);
  });

  test('a wrong key answers 63 NN and a good one restores the count', async () => {
    const card = new Molto2TokenEmulator({ random: () => Buffer.from(CHALLENGE), maxTries: 5 });
    expect(await authenticate(card, new Sm4(Buffer.alloc(16)))).toBe('6304');
    expect(await authenticate(card)).toBe('9000');
    expect(card.state().triesLeft).toBe(5);
  });

  test('a key change is held until ▲; a factory reset clears profiles and restores the factory key', async () => {
    const card = vectorToken();
    const newKey = deriveMolto2Key(Buffer.from('0123456789abcdef'));
    await authenticate(card);
    expect(await sw(card, molto2SetKeyApdu(FACTORY, newKey))).toBe('9000');
    expect(card.pendingConfirmation).toBe('key-change');
    expect(await authenticate(card)).toBe('9000');
    expect(card.pressButton()).toBe('key-change');
    expect(card.state().authenticated).toBe(false);
    expect(await authenticate(card)).toBe('6309');
    expect(await authenticate(card, new Sm4(newKey))).toBe('9000');
    expect(await sw(card, hex('8056000000'))).toBe('9000');
    expect(card.pressButton()).toBe('factory-reset');
    expect(await authenticate(card)).toBe('9000');
    expect(card.pressButton()).toBeNull();
  });
});
