// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AuthFailedError, DriverError } from '../../../drivers/core/errors.js';
import { createEmulatedConnection } from '../../../drivers/emulator/create-emulated-connection.js';
import { Token2Session } from '../../../drivers/protocol/token2-session.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { TrafficLogger } from '../../../drivers/core/traffic-log.js';
import { loadTranscript as loadFile } from '../../helpers/scripted-connection.js';

const loadTranscript = (name: string): ReturnType<typeof loadFile> => loadFile(path.join(import.meta.dirname, '../../fixtures/transcripts', name));
import { token2SessionSuite } from './token2-session-suite.js';

const VECTOR_BURN = { algorithm: 'SHA1', period: 30, displayTimeout: 30, time: 0x654fe600 } as const;

describe('Token2Session against the reference transcripts (§2.2, byte for byte)', () => {
  test.each([
    ['token2-burn-sha1-20.jsonl', '12345678901234567890'],
    ['token2-burn-sha1-32.jsonl', '12345678901234567890123456789012'],
  ])('%s', async (file, seed) => {
    const conn = new ScriptedConnection(loadTranscript(file));
    const lines: string[] = [];
    const result = await new Token2Session(conn, { traffic: new TrafficLogger((l) => lines.push(l)) }).burn({ ...VECTOR_BURN, seed: Buffer.from(seed, 'ascii') });
    conn.assertComplete();
    expect(result).toEqual({ info: { serial: '86596220000001', model: { prefix: '8659622', name: 'OTPC-P2-i', keepsSeedOnTimeSync: false }, deviceTime: 0x654fe5f0 }, apdus: 7 });
    expect(lines.filter((l) => l.startsWith('>>'))).toHaveLength(7);
    expect(lines.join('\n')).not.toContain('8b7450f2');
    expect(lines.join('\n')).not.toContain('5e585609');
  });

  const infoReply = (serial: string): string => `000000${Buffer.from([serial.length]).toString('hex')}${Buffer.from(serial).toString('hex')}0000654fe5f09000`;

  test('unknown serial prefix: ERR_UNKNOWN_MODEL after the info command, nothing else sent', async () => {
    const conn = new ScriptedConnection([{ send: '80410000020211', recv: infoReply('99999990000001') }]);
    const err = await new Token2Session(conn).burn({ ...VECTOR_BURN, seed: Buffer.alloc(20, 7) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect(err).toMatchObject({ code: 'ERR_UNKNOWN_MODEL', data: { serial: '99999990000001' } });
    conn.assertComplete();
  });

  test.each([
    ['63c2', 'ERR_AUTH_FAILED', 2],
    ['6305', 'ERR_AUTH_FAILED', 5],
    ['6983', 'ERR_AUTH_FAILED', null],
    ['63c0', 'ERR_AUTH_BLOCKED', undefined],
    ['6300', 'ERR_AUTH_BLOCKED', undefined],
  ])('auth answered %s → %s', async (sw, code, attempts) => {
    const conn = new ScriptedConnection([
      { send: '804b080000', recv: '11223344556677889000' },
      { send: '80ce0000108b7450f22721bc29985c2c460b65045d', recv: sw },
    ]);
    const err = await new Token2Session(conn).authenticate().catch((e: unknown) => e);
    expect(err).toMatchObject({ code });
    if (attempts !== undefined) expect((err as AuthFailedError).attemptsRemaining).toBe(attempts);
    conn.assertComplete();
  });
});

token2SessionSuite('in-process', async (card) => createEmulatedConnection(card));
