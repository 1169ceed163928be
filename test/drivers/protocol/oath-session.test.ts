// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { TrafficLogger } from '../../../drivers/core/traffic-log.js';
import { createEmulatedConnection } from '../../../drivers/emulator/create-emulated-connection.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { deriveOathKey, formatTruncatedCode, OathSession, prepareOathKey } from '../../../drivers/protocol/oath-session.js';
import { oathSessionSuite } from './oath-session-suite.js';

oathSessionSuite('in-process emulator', async (card) => createEmulatedConnection(card));

const SECRET = fromHex('48656c6c6f21deadbeef');

describe('deriveOathKey', () => {
  test('§1.9 password vector', () => {
    expect(deriveOathKey('password', fromHex('0102030405060708')).toString('hex')).toBe('ed1b5a43d3a86504dd13c9da7606bd35');
  });
});

describe('prepareOathKey', () => {
  test.each([
    ['SHA1', 10, 14],
    ['SHA1', 64, 64],
    ['SHA1', 65, 20],
    ['SHA256', 65, 32],
    ['SHA512', 128, 128],
    ['SHA512', 129, 64],
  ] as const)('%s key of %d bytes → %d bytes', (alg, n, out) => expect(prepareOathKey(Buffer.alloc(n, 1), alg)).toHaveLength(out));
});

describe('formatTruncatedCode', () => {
  test.each([
    ['06f3a8b86c', String((0xf3a8b86c & 0x7fffffff) % 1e6).padStart(6, '0')],
    ['0633c083d4', '254676'],
    ['08bd51280a', '28728842'],
    ['0600000001', '000001'],
  ])('%s → %s', (hex, code) => expect(formatTruncatedCode(fromHex(hex))).toBe(code));
  test('wrong length is ERR_PROTOCOL', () => expect(() => formatTruncatedCode(fromHex('06aabbcc'))).toThrow(expect.objectContaining({ code: 'ERR_PROTOCOL' })));
});

describe('OathSession (in process only)', () => {
  test('traffic log shows commands but never the key, password HMACs or codes', async () => {
    const lines: string[] = [];
    const card = new OathCardEmulator({ password: 'pw' });
    const s = await OathSession.open(createEmulatedConnection(card), { traffic: new TrafficLogger((l) => lines.push(l)) });
    await s.unlock('pw');
    const cred = await s.putCredential({ type: 'TOTP', name: 'alice', secret: SECRET });
    const code = await s.calculate(cred, 1795464600_000);
    await s.setPassword('pw2');
    const log = lines.join('\n');
    const hmacOf = deriveOathKey('pw', card.salt).toString('hex');
    for (const secret of ['48656c6c6f21deadbeef', hmacOf, deriveOathKey('pw2', card.salt).toString('hex'), code.value]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain('>> 00a4040007a0000005272101');
    expect(log).toContain('>> 00010000197105616c69636573102106‹14 bytes masked›\n');
    expect(log).toMatch(/>> 00a30000207514‹20 bytes masked›7408[0-9a-f]{16}\n<< 7514‹20 bytes masked› 9000/);
    expect(log).toContain('<< 760506‹4 bytes masked› 9000');
    expect(log).toMatch(/>> 0003000033731121‹16 bytes masked›7408[0-9a-f]{16}7514‹20 bytes masked›\n/);
  });

  test('concurrent calls run one after another on the one connection', async () => {
    const card = new OathCardEmulator({ latencyMs: 2 });
    const s = await OathSession.open(createEmulatedConnection(card));
    await Promise.all(['a', 'b', 'c'].map((name) => s.putCredential({ type: 'TOTP', name, secret: SECRET })));
    expect(card.credentials().map((c) => c.id.toString())).toEqual(['a', 'b', 'c']);
  });

  test('a card torn during PUT: before the write nothing is stored, after it the credential is', async () => {
    for (const applyWrite of [false, true]) {
      const card = new OathCardEmulator();
      const s = await OathSession.open(createEmulatedConnection(card));
      card.tearOnCommand((apdu) => apdu[1] === 0x01, { applyWrite });
      await expect(s.putCredential({ type: 'TOTP', name: 'torn', secret: SECRET })).rejects.toMatchObject({ code: 'ERR_CARD_REMOVED' });
      expect(card.credential('torn') !== undefined).toBe(applyWrite);
      const again = await OathSession.open(createEmulatedConnection(card));
      expect((await again.listCredentials()).length).toBe(applyWrite ? 1 : 0);
    }
  });

  test('a card without the applet is ERR_UNKNOWN_CARD', async () => {
    await expect(OathSession.open(new ScriptedConnection([{ send: '00a4040007a0000005272101', recv: '6a82' }]))).rejects.toMatchObject({ code: 'ERR_UNKNOWN_CARD' });
  });

  test('a card that answers VALIDATE with the wrong HMAC is ERR_PROTOCOL and stays locked', async () => {
    const conn = new ScriptedConnection([
      { send: '00a4040007a0000005272101', recv: '790305040371080102030405060708 74081122334455667788 7b0101 9000' },
      { send: '00a3000020 7514a6bfd05146187fd0c429ecda8dea490ede333c79 74088899aabbccddeeff', recv: '7514' + '00'.repeat(20) + '9000' },
    ]);
    const s = await OathSession.open(conn, { random: { bytes: () => fromHex('8899aabbccddeeff') } });
    await expect(s.unlock('password')).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(s.locked).toBe(true);
  });

  test('info before select is ERR_PROTOCOL', () => {
    expect(() => new OathSession(createEmulatedConnection(new OathCardEmulator())).info).toThrow(expect.objectContaining({ code: 'ERR_PROTOCOL' }));
  });
});
