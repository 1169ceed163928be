// SPDX-License-Identifier: UNLICENSED
/**
 * `OathSession` replays the ykman 4.0.9 transcripts of token-hardware.md §1.9 byte for byte through a
 * `ScriptedConnection`, which fails on any command ykman did not send (STYLE rule 36).
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { OathSession } from '../../../drivers/protocol/oath-session.js';
import { loadTranscript } from '../../helpers/scripted-connection.js';
import { oathtoolHotp, oathtoolTotp } from '../../helpers/oathtool.js';

const transcript = (name: string): Array<{ send: string; recv: string; source?: string }> =>
  loadTranscript(path.join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', name));

const JBSWY3DPEHPK3PXP = fromHex('48656c6c6f21deadbeef');
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
/** The second of the §1.9 CALCULATE ALL: step 0x3913874 × 30. */
const T = 0x3913874 * 30;

describe('OathSession against the §1.9 ykman transcript', () => {
  test('put ×4, list, calculate all (60 s recomputed), HOTP calculate', async () => {
    const conn = new ScriptedConnection(transcript('ykoath-ykman-4.0.9.jsonl'));
    const session = await OathSession.open(conn);
    expect(session.info.version).toEqual([5, 4, 3]);
    expect(session.locked).toBe(false);

    await session.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'alice', secret: JBSWY3DPEHPK3PXP });
    await session.putCredential({ type: 'TOTP', algorithm: 'SHA256', digits: 8, period: 60, issuer: 'ACME', name: 'bob', secret: RFC_KEY });
    await session.putCredential({ type: 'HOTP', name: 'hotpuser', secret: RFC_KEY, counter: 5 });
    await session.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'touchy', secret: JBSWY3DPEHPK3PXP, touch: true });

    const listed = await session.listCredentials();
    expect(listed.map((c) => [c.id.toString(), c.issuer, c.name, c.type, c.algorithm, c.period])).toEqual([
      ['ACME:alice', 'ACME', 'alice', 'TOTP', 'SHA1', 30],
      ['60/ACME:bob', 'ACME', 'bob', 'TOTP', 'SHA256', 60],
      ['hotpuser', null, 'hotpuser', 'HOTP', 'SHA1', 0],
      ['ACME:touchy', 'ACME', 'touchy', 'TOTP', 'SHA1', 30],
    ]);

    const all = await session.calculateAll(T * 1000);
    expect(all.map((e) => [e.credential.id.toString(), e.credential.touchRequired, e.code?.value ?? null])).toEqual([
      ['ACME:alice', false, oathtoolTotp('48656c6c6f21deadbeef', { at: T })],
      ['60/ACME:bob', false, oathtoolTotp(RFC_KEY.toString('hex'), { algorithm: 'sha256', digits: 8, period: 60, at: T })],
      ['hotpuser', false, null],
      ['ACME:touchy', true, null],
    ]);
    expect(all[1]?.code).toMatchObject({ value: '28728842', validFrom: 1795464600_000, validTo: 1795464660_000 });

    const hotp = await session.calculate({ id: Buffer.from('hotpuser'), type: 'HOTP', period: 0 });
    expect(hotp.value).toBe(oathtoolHotp(RFC_KEY.toString('hex'), 5));
    expect(hotp.value).toBe('254676');
    conn.assertComplete();
  });

  test('VALIDATE with the §1.9 password vector, then a command that needs it', async () => {
    const conn = new ScriptedConnection(transcript('ykoath-validate.jsonl'));
    const session = await OathSession.open(conn, { random: { bytes: () => fromHex('8899aabbccddeeff') } });
    expect(session.info).toMatchObject({ hasPassword: true, deviceId: 'ZoQN2hVOihE8Md0K0y9/Og' });
    expect(session.locked).toBe(true);
    await session.unlock('password');
    expect(session.locked).toBe(false);
    expect(await session.listCredentials()).toEqual([]);
    conn.assertComplete();
  });

  test('a session that strays from the transcript fails loudly', async () => {
    const conn = new ScriptedConnection(transcript('ykoath-ykman-4.0.9.jsonl'));
    const session = await OathSession.open(conn);
    await expect(session.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'alicf', secret: JBSWY3DPEHPK3PXP }))
      .rejects.toMatchObject({ code: 'ERR_PROTOCOL', message: expect.stringMatching(/unexpected command #1/) });
    expect(() => conn.assertComplete()).toThrow(/unexpected command #1/);
  });
});
